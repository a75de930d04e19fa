# Shortcuts; the README's commands work without make.
.PHONY: demo test bench docs
demo:
	python3 scripts/demo.py
test:
	python3 scripts/test.py
bench:
	.venv/bin/python -m bench
docs:
	.venv/bin/python -m sphinx -n -W -b html docs docs/_build/html
