"""`python -m matching.eval.learn_bench`: learning to rank on a simulated decision history, default weights beside learnt.

The generator's labelled set (matching/eval/synth.py) stands for the truth. For each opportunity the officers review
the engine's top `reviewed` candidates under the default weights (what the review page shows them) and the
programme decides as one would, seeded:
- a right person (generator grade 2) is proposed; the ministry accepts with a probability that grows with the
  years of experience beyond the call's minimum (ministries value experience more than the default weights
  do), and an accepted fellow's placement starts four times in five;
- a partly right person (grade 1) is proposed one time in three, otherwise rejected, and the ministry accepts
  such a proposal half as often;
- anyone else is rejected, except one in twenty proposed by mistake and then declined by the ministry.
Grades as the programme gives them: started placement 3, acceptance 2, proposal 1, rejection or decline 0.

Reported for histories of growing size (the first `n` opportunities' decisions): what matching.learn decides,
NDCG@10 and Recall@10 on held-apart opportunities with the default and with the learnt weights, and the
generator's own NDCG@10 over every profile with either (learning from officers must not undo the engine's
quality on the truth).
"""
from __future__ import annotations

import argparse
import json
import random
import sys

from matching.eval.metrics import ranking_quality
from matching.index import MatchIndex
from matching.learn import NDCG, learn
from matching.model import Decision, Opportunity
from matching.scorer import FitScorer
from matching.eval.synth import Dataset, Generator

PROPOSE, ACCEPT, PLACED, REJECT = 1, 2, 3, 0


def simulated_history(data: Dataset, index: MatchIndex, reviewed: int = 20, seed: int = 7) -> list[Decision]:
    rnd = random.Random(seed)
    profiles = {p.id: p for p in data.profiles}
    history = []
    for o in data.opportunities:
        for match in index.rank(o, top=reviewed):
            truth = data.labels[o.id].get(match.profile_id, 0)
            grade = _programme_grade(truth, data.latent[match.profile_id].years, o, rnd)
            history.append(Decision(profiles[match.profile_id], o, grade))
    return history


def _programme_grade(truth: int, years: int, o: Opportunity, rnd: random.Random) -> int:
    proposed = truth == 2 or (truth == 1 and rnd.random() < 1 / 3) or rnd.random() < 0.05
    if not proposed:
        return REJECT
    if truth == 0:
        return REJECT  # the ministry declines a proposal made by mistake
    beyond = years - (o.min_years_experience or 0)
    accept = min(0.9, max(0.1, 0.3 + 0.06 * beyond)) * (1 if truth == 2 else 0.5)
    if rnd.random() >= accept:
        return PROPOSE
    return PLACED if o.kind == "fellowship" and rnd.random() < 0.8 else ACCEPT


def _truth_ndcg(data: Dataset, index: MatchIndex, scorer: FitScorer) -> float:
    index.scorer = scorer
    rankings = {o.id: [m.profile_id for m in index.rank(o, top=10)] for o in data.opportunities}
    return round(ranking_quality(rankings, data.labels)[NDCG], 4)


def run_bench(n_profiles: int, n_opportunities: int, sizes: list[int], reviewed: int, seed: int) -> list[dict]:
    data = Generator(seed=seed).dataset(n_profiles, n_opportunities)
    index = MatchIndex().build(data.profiles)
    history = simulated_history(data, index, reviewed, seed)
    default_truth = _truth_ndcg(data, index, FitScorer())
    rows = []
    for size in sizes:
        kept = {o.id for o in data.opportunities[:size]}
        part = [d for d in history if d.opportunity.id in kept]
        outcome = learn(part)
        row = {"opportunities": size, "decisions": len(part),
               "grades": {g: sum(d.grade == g for d in part) for g in (PLACED, ACCEPT, PROPOSE, REJECT)},
               "outcome": outcome.reason.code, "held_apart_default": outcome.before, "held_apart_learnt": outcome.after,
               "generator_ndcg_default": default_truth}
        if outcome.scorer is not None:
            row["generator_ndcg_learnt"] = _truth_ndcg(data, index, outcome.scorer)
            row["weights"] = outcome.scorer.weights_
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m matching.eval.learn_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=5000)
    parser.add_argument("--opportunities", type=int, default=120)
    parser.add_argument("--sizes", default="6,10,15,20,60,120", help="history sizes, in opportunities decided")
    parser.add_argument("--reviewed", type=int, default=20, help="candidates the officers review per opportunity")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    for row in run_bench(args.profiles, args.opportunities, sizes, args.reviewed, args.seed):
        print(json.dumps(row, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
