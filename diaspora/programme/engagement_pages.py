"""An engagement's page and its two writes (log an entry, give feedback), the same for the member, the
institution's focal point and the officer: each role's routes name their template links by `endpoint`."""
from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user

from diaspora.programme import engagements
from diaspora.programme.forms import EngagementEntryForm, EngagementFeedbackForm


def page(endpoint: str, engagement_id: int, entry_form=None, feedback_form=None, code: int = 200):
    """The engagement read afresh for the viewer (404 for anyone not on it), with its forms."""
    engagement = engagements.get_engagement_for(current_user, engagement_id)
    return render_template("programme/engagement.html", engagement=engagement, endpoint=endpoint,
                           kind=engagement.opportunity.kind, held=engagements.held(engagement),
                           entry_form=entry_form or EngagementEntryForm(prefix="entry"),
                           feedback_form=feedback_form or EngagementFeedbackForm(prefix="feedback"),
                           feedback_due=engagements.feedback_due(current_user, engagement)), code


def log(endpoint: str, engagement_id: int):
    engagement = engagements.get_engagement_for(current_user, engagement_id)
    form = EngagementEntryForm(prefix="entry")
    return form.save(engagement, page=lambda code: page(endpoint, engagement_id, entry_form=form, code=code),
                     then=lambda _entry: redirect(url_for(endpoint, engagement_id=engagement_id)))


def feedback(endpoint: str, engagement_id: int):
    engagement = engagements.get_engagement_for(current_user, engagement_id)
    form = EngagementFeedbackForm(prefix="feedback")
    return form.save(engagement, page=lambda code: page(endpoint, engagement_id, feedback_form=form, code=code),
                     then=lambda _engagement: redirect(url_for(endpoint, engagement_id=engagement_id)))
