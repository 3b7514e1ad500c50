"""The `rank` and `assign` commands of `python -m matching` (contract: shared/contract/MATCHING.md)."""
from __future__ import annotations

import argparse
import json
import sys

from matching.assign import assign
from matching.index import MatchIndex
from matching.io import JsonlError, match_to_dict, read_opportunities, read_profiles

EXIT_BAD_INPUT = 2


def _inputs(args):
    """Profiles and opportunities, or an error line on stderr and the exit status 2."""
    try:
        profiles = read_profiles(args.profiles)
    except JsonlError as exc:
        return None, _bad(args.profiles, exc)
    except OSError as exc:
        return None, _bad(args.profiles, exc.strerror or str(exc))
    try:
        opportunities = read_opportunities(args.opportunities)
    except JsonlError as exc:
        return None, _bad(args.opportunities, exc)
    except OSError as exc:
        return None, _bad(args.opportunities, exc.strerror or str(exc))
    return (profiles, opportunities), 0


def _bad(path, exc) -> int:
    where = f"{path}:{exc.line_no}" if isinstance(exc, JsonlError) else path
    message = exc.message if isinstance(exc, JsonlError) else exc
    print(f"error: {where}: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profiles", required=True, help="profiles, one JSON object per line")
    parser.add_argument("--opportunities", required=True, help="opportunities, one JSON object per line")


def add_rank_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--top", type=int, default=10, help="matches per opportunity (default 10)")
    parser.add_argument("--explain", action="store_true", help="add reasons to every match")


def run_rank(args) -> int:
    data, status = _inputs(args)
    if data is None:
        return status
    profiles, opportunities = data
    index = MatchIndex().build(profiles)
    for o in opportunities:
        matches = index.rank(o, top=max(args.top, 0), explain=args.explain)
        print(json.dumps({"opportunity_id": o.id, "matches": [match_to_dict(m) for m in matches]},
                         ensure_ascii=False))
    return 0


def add_assign_arguments(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--min-score", type=float, default=0.0, help="lowest score of a pair (default 0)")


def run_assign(args) -> int:
    data, status = _inputs(args)
    if data is None:
        return status
    profiles, opportunities = data
    result = assign(MatchIndex().build(profiles), opportunities, min_score=args.min_score)
    for opp_id, pid, score in result.pairs:
        print(json.dumps({"opportunity_id": opp_id, "profile_id": pid, "score": round(score, 2)},
                         ensure_ascii=False))
    print(json.dumps({"total_score": result.total_score, "assigned": len(result.pairs),
                      "unfilled": result.unfilled}, ensure_ascii=False))
    return 0


def main(argv: list[str] | None, commands: dict) -> int:
    """`commands`: name -> (help, add_arguments, run)."""
    parser = argparse.ArgumentParser(prog="python -m matching",
                                     description="Ura matching engine: rank, assign, evaluate, bench")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, add_arguments, run) in commands.items():
        p = sub.add_parser(name, help=help_text)
        add_arguments(p)
        p.set_defaults(run=run)
    args = parser.parse_args(argv)
    return args.run(args)
