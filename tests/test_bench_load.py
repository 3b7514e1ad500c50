"""Smoke tests of the load-test harness (bench/load): the bulk loader and the report, not the load itself."""
from __future__ import annotations

import sqlalchemy as sa

from bench.load import report, seed
from diaspora.matches import live
from diaspora.members.models import MemberProfile

# [end time, page, milliseconds, ok]: 20 review pages of 10..200 ms in the first 10 s, a failed post at 5 s,
# and one slow review page at 11 s, after the window.
SAMPLES = [[100.0 + i / 2, "/officers/opportunities/[id]", 10.0 * (i + 1), True] for i in range(20)] + [
    [105.0, "POST /ministries/new/fellowship", 90.0, False], [111.0, "/officers/opportunities/[id]", 5000.0, True]]


def test_bulk_load_makes_matchable_members(db):
    seed.load_profiles(25, "scrypt:1024:8:1$salt$hash", "2026-11")
    db.session.commit()
    profiles = list(db.session.scalars(sa.select(MemberProfile).order_by(MemberProfile.id)))
    assert len(profiles) == 25
    assert all(p.matchable and p.roles and p.user.email.endswith("@ura-load.example") for p in profiles)
    assert profiles[0].user.email == seed.member_email(0)
    assert len(live.live().index) == 25  # the rebuild request makes the index read every loaded row


def test_report_exact_percentiles_per_window(tmp_path):
    stats = report.page_stats(SAMPLES, 100.0, 110.0)
    assert [s.name for s in stats] == ["/officers/opportunities/[id]", "POST /ministries/new/fellowship", report.ALL]
    review = stats[0]
    assert (review.requests, review.p50, review.p95, review.max) == (20, 100.0, 190.0, 200.0)  # nearest rank
    assert report.worst_p95(stats) == 190.0 and report.worst_p95(stats, report.SUPPLY_PAGES) == 0.0 and stats[-1].errors == 1 and stats[-1].requests == 21
    assert "| `/officers/opportunities/[id]` | 20 | 0 | 100 | 190 | 200 | 2.00 |" in report.table(stats)
    later = report.page_stats(SAMPLES, 100.0, 112.0)[0]  # the late sample counts in a window that holds it
    assert (later.requests, later.p95, later.max) == (21, 200.0, 5000.0)

    doc = tmp_path / "load-test.md"
    report.write_block(doc, "first figures", "# Load test")
    doc.write_text(doc.read_text() + "\nAnalysis written by hand.\n")
    report.write_block(doc, "second figures", "# Load test")
    text = doc.read_text()
    assert text.startswith("# Load test") and "second figures" in text and "first figures" not in text
    assert text.endswith("Analysis written by hand.\n")
