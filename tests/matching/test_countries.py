from matching.countries import countries_in, network_of
from matching.model import Profile


def test_country_names_and_demonyms_in_six_languages():
    assert countries_in("Kenne Recycler in Österreich und Italien, die neue Standorte suchen.") == ("AT", "IT")
    assert countries_in("Njoh investitorë gjermanë dhe turq.") == ("DE", "TR")
    assert countries_in("Γνωρίζω επιχειρηματίες στην Ελλάδα και την Ιταλία.") == ("GR", "IT")
    assert countries_in("clients en France et en Suisse romande") == ("FR", "CH")
    assert countries_in("contacts in the UK, the USA and Türkiye") == ("GB", "US", "TR")


def test_words_that_only_begin_like_a_country_do_not_count():
    assert countries_in("Francesco ha usato il serbatoio per i servizi.") == ()
    assert countries_in("Investors for a hotel in Albania") == ()  # the destination is no network


def test_an_agents_network_falls_back_to_the_summary():
    written = Profile("a", ("development_agent",), summary="Conosco investitori italiani e tedeschi.")
    stated = Profile("b", ("development_agent",), summary="investitori italiani", network_countries=("GR",))
    expert = Profile("c", ("expert",), summary="Ho lavorato in Italia.")
    assert network_of(written) == ("IT", "DE")
    assert network_of(stated) == ("GR",)
    assert network_of(expert) == ()
