"""python -m matching rank | assign | evaluate | bench | bench-rank"""
from __future__ import annotations

import sys

from matching import cli, evaluate
from matching.bench import rank_run, speed

COMMANDS = {
    "rank": ("rank candidates for each opportunity", cli.add_rank_arguments, cli.run_rank),
    "assign": ("allocate people to the positions of a whole call", cli.add_assign_arguments, cli.run_assign),
    "evaluate": ("ranking quality on a labelled set (--set), beside the char TF-IDF + hard rules baseline",
                 evaluate.add_arguments, evaluate.run),
    "bench": ("build and query timings on N generated profiles", speed.add_arguments, speed.run),
    "bench-rank": ("the whole rank command against the baseline's, same files, same run",
                   rank_run.add_arguments, rank_run.run),
}

if __name__ == "__main__":
    sys.exit(cli.main(sys.argv[1:], COMMANDS))
