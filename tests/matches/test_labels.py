"""Every feature the engine reports points for has a readable, translated label."""
from flask_babel import force_locale

from diaspora.matches.labels import FEATURE_LABELS, feature_label
from matching.features import FEATURES, SHORTFALL


def test_every_engine_feature_has_a_label():
    assert set(FEATURE_LABELS) == set(FEATURES) | {SHORTFALL}


def test_labels_follow_the_locale(app):
    with app.test_request_context():
        with force_locale("en"):
            assert feature_label("required_skills") == "Required skills"
        with force_locale("sq"):
            assert feature_label("required_skills") == "Aftësi të kërkuara"
        assert feature_label("new_feature") == "new_feature"
