"""Smoke tests of the load-test harness (bench/load): the bulk loader and the report, not the load itself."""
from __future__ import annotations

import sqlalchemy as sa

from bench.load import report, seed
from diaspora.matches import live
from diaspora.members.models import MemberProfile

STATS = """Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,\
Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%
GET,/officers/opportunities/[id],40,0,120,130,80,410.5,9000,0.66,0.0,120,130,140,150,200,260,300,400,410,410,410
POST,/ministries/new/fellowship,5,1,90,95,70,140,0,0.08,0.01,90,95,95,100,140,140,140,140,140,140,140
,Aggregated,45,1,110,120,70,410.5,8000,0.74,0.01,110,120,130,140,190,250,300,400,410,410,410
"""


def test_bulk_load_makes_matchable_members(db):
    seed.load_profiles(25, "scrypt:1024:8:1$salt$hash", "2026-11")
    db.session.commit()
    profiles = list(db.session.scalars(sa.select(MemberProfile).order_by(MemberProfile.id)))
    assert len(profiles) == 25
    assert all(p.matchable and p.roles and p.user.email.endswith("@ura-load.example") for p in profiles)
    assert profiles[0].user.email == seed.member_email(0)
    assert len(live.live().index) == 25  # the rebuild request makes the index read every loaded row


def test_report_table_and_block(tmp_path):
    csv_path = tmp_path / "locust_stats.csv"
    csv_path.write_text(STATS, encoding="utf-8")
    stats = report.read_stats(csv_path)
    assert [s.name for s in stats] == ["/officers/opportunities/[id]", "POST /ministries/new/fellowship",
                                       "Aggregated"]
    assert report.review_p95(stats) == 260
    assert "| `/officers/opportunities/[id]` | 40 | 0 | 120 | 260 | 410 | 0.66 |" in report.table(stats)

    doc = tmp_path / "load-test.md"
    report.write_block(doc, "first figures", "# Load test")
    doc.write_text(doc.read_text() + "\nAnalysis written by hand.\n")
    report.write_block(doc, "second figures", "# Load test")
    text = doc.read_text()
    assert text.startswith("# Load test") and "second figures" in text and "first figures" not in text
    assert text.endswith("Analysis written by hand.\n")
