"""The batch function per partition under Dask, on a distributed.LocalCluster (issue 3, point 2)."""

from __future__ import annotations

import pathlib
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from werkscan import partition_meta, score_batch, score_partition

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

AREAS = ["health", "lifestyle", "work", "work_life_balance", "education", "career_development",
         "career_mobility", "self_reliance"]
LEVELS = ["strong", "weak", "none"]


def make_rows(n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        row: dict[str, Any] = {
            "id": i, "current_work_ability": i % 11, "physical_demands": 1 + i % 5, "mental_demands": 1 + (i // 5) % 5,
            "work_nature": ["physical", "mental", "both"][i % 3], "diagnosed_diseases": i % 7,
            "impairment": 1 + i % 6, "sick_leave_days": (i * 37) % 366, "prognosis": [1, 4, 7][i % 3],
            "mental_resources_1": i % 5, "mental_resources_2": (i // 2) % 5, "mental_resources_3": (i // 3) % 5,
        }
        for k, area in enumerate(AREAS):
            row[area] = LEVELS[(i + k) % 3]
        if i % 97 == 13:
            row["prognosis"] = 5  # invalid rows are reported, not fatal
        out.append(row)
    return out


def write_files(table: pa.Table, folder: pathlib.Path, n: int) -> list[str]:
    """``table`` in ``n`` Parquet files of equal rows, one partition each for ``from_map``."""
    size = table.num_rows // n
    paths = [folder / f"part-{k}.parquet" for k in range(n)]
    for k, path in enumerate(paths):
        pq.write_table(table.slice(k * size, size), path)
    return [str(path) for path in paths]


@pytest.fixture(scope="module")
def cluster_client() -> Any:
    # a real worker process (processes=True): score_partition and its results cross a pickle
    # boundary as they would on a cluster; starting it takes about a second.
    # The dashboard on a free port: another cluster on the machine may hold 8787 (a warning, an error here).
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        yield client


# dask's Parquet reader still calls reset_index(inplace=True), deprecated by this pandas
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index is deprecated")
def test_dask_per_partition_matches_local(tmp_path: pathlib.Path, cluster_client: Any) -> None:
    rows = make_rows(2000)
    table = pa.Table.from_pylist(rows)
    dataset = tmp_path / "answers"
    dataset.mkdir()
    for k in range(4):
        pq.write_table(table.slice(k * 500, 500), dataset / f"part-{k}.parquet")

    ddf = dd.read_parquet(str(dataset))
    assert ddf.npartitions == 4
    meta = partition_meta(id_column="id")
    scored = ddf.map_partitions(score_partition, id_column="id", meta=meta)
    remote = scored.compute().sort_values("id").reset_index(drop=True)

    local = score_partition(table.to_pandas(), id_column="id").sort_values("id").reset_index(drop=True)
    assert len(remote) == len(local) == 2000
    for column in ("id", "score", "band", "advice", "advice_rule", "signal_drop", "error"):
        pd.testing.assert_series_equal(remote[column], local[column], check_dtype=False, obj=column)

    # the same verdicts as the in-memory batch path
    batch = score_batch(table, id_column="id")
    bad_ids = sorted({rows[e.row]["id"] for e in batch.errors})
    assert sorted(remote.loc[remote["error"].notna(), "id"].tolist()) == bad_ids
    assert remote["score"].dropna().tolist() == batch.results.column("score").to_pylist()


def test_dask_from_map_over_files_matches_local(tmp_path: pathlib.Path, cluster_client: Any) -> None:
    """Issue 18: one partition per Parquet file, read by score_partition itself (text as dictionaries)."""
    rows = make_rows(1500)
    table = pa.Table.from_pylist(rows)
    files = write_files(table, tmp_path, 3)
    meta = partition_meta(id_column="id")
    scored = dd.from_map(score_partition, files, id_column="id", meta=meta).compute()
    local = score_partition(table.to_pandas(), id_column="id")
    remote = scored.sort_values("id").reset_index(drop=True)
    for column in ("id", "score", "band", "advice", "signal_drop", "error", "health"):
        pd.testing.assert_series_equal(remote[column], local[column], check_dtype=False, check_categorical=False,
                                       obj=column)
    assert list(remote.columns) == list(meta.columns)
    assert str(remote["band"].dtype) == "category"  # coded columns stay dictionaries
    assert list(remote["band"].cat.categories) == ["poor", "moderate", "good", "excellent"]


def test_dask_fused_write_as_the_how_to_writes(tmp_path: pathlib.Path, cluster_client: Any) -> None:
    """The how-to's write: ``to_parquet(compute=False).optimize()`` makes one task per file
    (read, scored and written in one), and the results read back equal local scoring."""
    import dask

    rows = make_rows(1500)
    table = pa.Table.from_pylist(rows)
    files = write_files(table, tmp_path, 3)
    meta = partition_meta(id_column="id")
    scored = dd.from_map(score_partition, files, id_column="id", meta=meta)
    coded = [c for c in meta.columns if str(meta[c].dtype) == "category"]
    write = scored.to_parquet(
        str(tmp_path / "scores"), write_index=False, compute=False,
        column_encoding={"row": "DELTA_BINARY_PACKED"}, use_dictionary=[c for c in meta.columns if c != "row"],
        write_statistics=[c for c in meta.columns if c not in coded])
    fused = write.optimize()
    assert len(dict(fused.__dask_graph__())) == len(files) + 1  # a task per file, and the barrier
    dask.compute(fused)

    back = pd.read_parquet(tmp_path / "scores").sort_values("id").reset_index(drop=True)
    local = score_partition(table.to_pandas(), id_column="id")
    for column in ("id", "score", "band", "advice", "signal_drop", "error", "health"):
        pd.testing.assert_series_equal(back[column], local[column], check_dtype=False, check_categorical=False,
                                       obj=column)
    bands = back[back["error"].isna()]["band"].value_counts()
    assert int(bands.sum()) == len(rows) - sum(1 for i in range(len(rows)) if i % 97 == 13)


def test_dask_in_the_how_to_worker_environment(tmp_path: pathlib.Path) -> None:
    """The worker environment the how-to advises (glibc keeps freed memory, Arrow's buffers
    from the same heap, no profiler) takes effect in a worker process and leaves every result
    unchanged."""
    import os

    import dask

    environ = {"MALLOC_MMAP_THRESHOLD_": str(1 << 25), "MALLOC_TRIM_THRESHOLD_": str(1 << 25),
               "ARROW_DEFAULT_MEMORY_POOL": "system"}
    rows = make_rows(1200)
    table = pa.Table.from_pylist(rows)
    files = write_files(table, tmp_path, 2)
    meta = partition_meta(id_column="id")
    saved = dict(os.environ)  # the nanny also sets these variables in this process before it spawns
    try:
        with dask.config.set({**{f"distributed.nanny.pre-spawn-environ.{k}": v for k, v in environ.items()},
                              "distributed.worker.profile.enabled": False}), \
                distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                         dashboard_address=":0") as cluster, distributed.Client(cluster) as client:

            def worker_setting() -> tuple[str, str | None]:
                return pa.default_memory_pool().backend_name, os.environ.get("MALLOC_MMAP_THRESHOLD_")

            def profiling(dask_worker: Any) -> bool:
                return "profile" in dask_worker.periodic_callbacks

            assert set(client.run(worker_setting).values()) == {("system", str(1 << 25))}
            assert set(client.run(profiling).values()) == {False}
            scored = dd.from_map(score_partition, files, id_column="id", meta=meta).compute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    remote = scored.sort_values("id").reset_index(drop=True)
    local = score_partition(table.to_pandas(), id_column="id")
    for column in ("id", "score", "band", "advice", "signal_drop", "error", "health"):
        pd.testing.assert_series_equal(remote[column], local[column], check_dtype=False, check_categorical=False,
                                       obj=column)
