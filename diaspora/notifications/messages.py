"""The sentence for each notification, translatable, filled with the notification's params.

Add a key here when a new use case notifies someone; params are plain strings or numbers.
"""
from decimal import Decimal

from flask_babel import format_currency, get_locale
from flask_babel import lazy_gettext as _l

MESSAGES = {
    "proposed_to_ministry": _l("A candidate was proposed for “%(title)s”. Please review and decide."),
    "proposed_member": _l("You were proposed to %(institution)s for “%(title)s”."),
    "ministry_accepted_member": _l("Good news: %(institution)s accepted you for “%(title)s”."),
    "ministry_declined_member": _l("%(institution)s chose another candidate for “%(title)s”. Thank you for your interest."),
    "ministry_accepted_officer": _l("%(institution)s accepted a candidate for “%(title)s”."),
    "ministry_declined_officer": _l("%(institution)s declined a candidate for “%(title)s”."),
    "placement_started": _l("Your placement “%(title)s” at %(institution)s has started."),
    "placement_ended": _l("Your placement “%(title)s” at %(institution)s has ended."),
    "opportunity_fits": _l("A new opportunity fits your profile: “%(title)s” (%(score)s/100)."),
    "opportunity_fits_returning": _l("Welcome back: as one of the programme's alumni you hear first of a new "
                                     "opportunity that fits your profile: “%(title)s” (%(score)s/100)."),
    "invited_back": _l("A program officer invites you back: you are on the shortlist for “%(title)s”. "
                       "Say that you are interested on its page."),
    "lead_stage_changed": _l("Investment lead “%(company)s” moved to the stage: %(stage)s."),
    # A settled claim dispute, one sentence per side and outcome; only the side that lost reads the
    # officer's reason, and neither learns who the other agent is.
    "dispute_first_claim_kept": _l("The claim dispute over “%(company)s” is settled: your claim, registered first, "
                                   "keeps the company."),
    "dispute_lost_to_first_claim": _l("The claim dispute over “%(company)s” is settled: the company stays with the "
                                      "claim registered first and your claim is rejected. Reason: %(reason)s"),
    "dispute_awarded_to_you": _l("The claim dispute over “%(company)s” is settled: the company is awarded to your "
                                 "claim."),
    "dispute_lost_to_later_claim": _l("The claim dispute over “%(company)s” is settled: the company is awarded to a "
                                      "later claim and your claim is rejected. Reason: %(reason)s"),
    "reward_approved": _l("Your reward of %(amount)s for “%(company)s” was approved."),
    "agent_certified": _l("You are now a certified Development Agent of Connect Albania."),
    "agent_not_certified": _l("Your Development Agent application was not certified: %(reason)s."),
    # `document` is the document's title in English, `document_sq` in Albanian.
    "agent_document_again": _l("Please upload “%(document)s” again for your Development Agent application: "
                               "%(reason)s"),
}


def render_message(key: str, params: dict) -> str:
    """The sentence in the current locale. A param named `<x>_eur` holds an amount in euros, shown
    as `%(x)s` formatted for the reader's locale (1 500 000,00 € in Albanian, €1,500,000.00 in English).
    A param named `<x>_sq` holds the Albanian form of `<x>` (an institution's name_sq): it replaces `%(x)s`
    when the reader reads Albanian and it is not empty; otherwise `<x>` is shown."""
    template = MESSAGES.get(key)
    if template is None:
        return ""
    params = dict(params)
    albanian = str(get_locale() or "") == "sq"
    for name in [n for n in params if n.endswith("_sq")]:
        value = params.pop(name)
        if albanian and value:
            params[name[:-3]] = value
    for name in [n for n in params if n.endswith("_eur")]:
        params[name[:-4]] = format_currency(Decimal(str(params.pop(name))), "EUR")
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)
