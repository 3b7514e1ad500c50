"""The bench command on a small pool: it runs and reports every figure for both systems."""
from __future__ import annotations

import argparse
import json

from matching.bench import speed as bench

FIGURES = {"generate_s", "build_s", "query_p50_ms", "query_p95_ms", "query_mean_ms", "batch_s",
           "rss_before_build_mb", "rss_after_build_mb", "peak_mb"}


def test_bench_on_500_profiles_prints_a_table_and_json(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    path = tmp_path / "bench.json"
    args = parser.parse_args(["--profiles", "500", "--queries", "5", "--batch", "5", "--same-process",
                              "--json", str(path)])
    assert bench.run(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["system", "N", "generate"] and out[1].startswith("engine")
    result = json.loads(out[-1])
    assert json.loads(path.read_text()) == result
    assert result["profiles"] == 500
    for system in ("engine", "baseline"):
        assert set(result[system]) == FIGURES
        assert result[system]["build_s"] >= 0 and result[system]["peak_mb"] > 0
        assert result[system]["query_p50_ms"] <= result[system]["query_p95_ms"]


def test_bench_of_one_system_reports_that_one(capsys):
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    args = parser.parse_args(["--profiles", "200", "--queries", "3", "--batch", "2", "--same-process", "--only", "engine"])
    assert bench.run(args) == 0
    out = capsys.readouterr().out.splitlines()
    result = json.loads(out[-1])
    assert set(result["engine"]) == FIGURES and "baseline" not in result
    assert [line.split()[0] for line in out[1:-2]] == ["engine"]


def test_bench_refuses_nonsense_sizes(capsys):
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    assert bench.run(parser.parse_args(["--profiles", "0"])) == 2
    assert "--profiles" in capsys.readouterr().err


def test_bench_rank_times_both_commands_on_the_same_files(capsys):
    from matching.bench import rank_run
    parser = argparse.ArgumentParser()
    rank_run.add_arguments(parser)
    assert rank_run.run(parser.parse_args(["--profiles", "60", "--opportunities", "2", "--repeat", "1"])) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["profiles"] == 60 and set(out["cpu_s"]) == {"engine", "baseline"}
    assert out["cpu_ratio"] > 0 and out["wall_ratio"] > 0
    assert rank_run.run(parser.parse_args(["--profiles", "0"])) == 2


def test_the_baseline_rank_command_prints_one_line_per_opportunity(tmp_path, capsys):
    from matching.bench import rank_run
    profiles, opportunities = rank_run.write_inputs(tmp_path, 40, 3, seed=5)
    rank_run.baseline_rank(str(profiles), str(opportunities))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 3 and all(len(line["matches"]) == 10 for line in lines)
