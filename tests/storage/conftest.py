"""The storage tests: the frozen revisions of 0.1 are data, not tests."""

collect_ignore_glob = ["main_revisions/*"]
