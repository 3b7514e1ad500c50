"""The dashboard and exports for program officers and administrators."""
from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from diaspora import reference
from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.investments.ledger import REWARD_LABELS
from diaspora.investments.leads import STAGE_LABELS
from diaspora.programme.fairness import FOUR_FIFTHS, GENDER_GROUP_LABELS, MIN_GROUP
from diaspora.reports import bp, exports, fairness_trend
from diaspora.reports.exports import PLACEMENT_STATUS_LABELS
from diaspora.reports.charts import bar_chart
from diaspora.reports.forms import PeriodForm
from diaspora.reports.queries import Period, Report, build_report
from diaspora.reports.supply import Supply, build_supply, chapter_label, sector_label
from diaspora.formatting import institution_name, money


def _period() -> tuple[PeriodForm, Period, bool]:
    form = PeriodForm(request.args)
    if request.args and not form.validate():
        return form, Period(), False
    return form, Period(form.start.data, form.end.data), True


def _charts(report: Report) -> list:
    count = format_decimal
    return [
        bar_chart("countries", _("Members by country of residence"),
                  [(reference.country_name(code), n) for code, n in report.members_by_country],
                  _("Members"), count, other_label=_("Other countries")),
        bar_chart("kinds", _("Experts and Development Agents"),
                  [(_("Experts"), report.experts_only), (_("Development Agents"), report.agents_only),
                   (_("Both"), report.experts_and_agents)], _("Members"), count),
        bar_chart("placement-status", _("Placements by status"),
                  [(str(PLACEMENT_STATUS_LABELS[s]), n) for s, n in report.placements_by_status],
                  _("Placements"), count),
        bar_chart("chapters", _("Placements by acquis chapter"),
                  [(f"{n}. {reference.chapter_title(n)}", c) for n, c in report.placements_by_chapter],
                  _("Placements"), count, other_label=_("Other chapters")),
        bar_chart("institutions", _("Placements by institution"),
                  [(institution_name(i), n) for i, n in report.placements_by_institution],
                  _("Placements"), count, other_label=_("Other institutions")),
        bar_chart("stages", _("Investment leads by stage"),
                  [(str(STAGE_LABELS[s.stage]), s.leads) for s in report.stages], _("Leads"), count),
        bar_chart("stage-eur", _("Expected investment by stage (EUR)"),
                  [(str(STAGE_LABELS[s.stage]), s.expected_eur) for s in report.stages], _("EUR"), money),
        bar_chart("jobs", _("Jobs by stage: expected, and created once realised"),
                  [(str(STAGE_LABELS[s.stage]), s.jobs_created if s.jobs_created else s.expected_jobs)
                   for s in report.stages], _("Jobs"), count),
    ]


def _dashboard_page(form: PeriodForm, period: Period, status: int = 200):
    report = build_report(period)
    query = {key: value for key, value in request.args.items() if key in ("start", "end")} if status == 200 else {}
    return render_template("reports/dashboard.html", form=form, report=report, charts=_charts(report),
                           period=period, stage_labels=STAGE_LABELS, reward_labels=REWARD_LABELS,
                           datasets=exports.DATASETS, query=query, fairness_quarters=fairness_trend.quarters(),
                           gender_labels=GENDER_GROUP_LABELS, four_fifths=FOUR_FIFTHS, min_group=MIN_GROUP), status


@bp.route("/")
@roles_required(Role.OFFICER, Role.ADMIN)
def dashboard():
    form, period, valid = _period()
    return _dashboard_page(form, period, 200 if valid else 422)


def _supply_charts(report: Supply) -> list:
    count = format_decimal
    return [
        bar_chart("residence", _("Where the members live"),
                  [(reference.country_name(code), n) for code, n in report.countries], _("Members"), count,
                  other_label=_("Other countries")),
        bar_chart("chapter-demand", _("Positions asked for, by acquis chapter"),
                  sorted(((chapter_label(line.key), line.positions) for line in report.chapters if line.positions),
                         key=lambda item: -item[1]), _("Positions"), count, other_label=_("Other chapters")),
        bar_chart("chapter-supply", _("Members who name each acquis chapter"),
                  sorted(((chapter_label(line.key), line.candidates) for line in report.chapters if line.candidates),
                         key=lambda item: -item[1]), _("Members"), count, other_label=_("Other chapters")),
    ]


@bp.route("/supply")
@roles_required(Role.OFFICER, Role.ADMIN)
def supply():
    form, period, valid = _period()
    report = build_supply(period)
    query = {key: value for key, value in request.args.items() if key in ("start", "end")} if valid else {}
    return render_template("reports/supply.html", form=form, report=report, charts=_supply_charts(report),
                           period=period, query=query, chapter_label=chapter_label, sector_label=sector_label,
                           datasets=exports.DATASETS), 200 if valid else 422


@bp.route("/export/<any(placements, engagements, local_projects, investments, rewards, profiles, supply, residence)"
           ":dataset>"
          ".<any(csv, xlsx):fmt>")
@roles_required(Role.OFFICER, Role.ADMIN)
def export(dataset: str, fmt: str):
    form, period, valid = _period()
    if not valid:
        return _dashboard_page(form, Period(), 422)
    result = exports.export(current_user, dataset, fmt, period)
    db.session.commit()  # the audit record of the export
    response = Response(result.content, mimetype=result.mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename={result.filename}"
    response.headers["Cache-Control"] = "no-store"
    return response
