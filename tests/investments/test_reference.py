"""Reference data and company-name normalisation: pure functions, no database."""
import pytest

from diaspora.investments.reference import municipalities, normalise_company


def test_the_61_municipalities_are_shipped_once_each():
    names = [name for name, _county in municipalities()]
    assert len(names) == 61 == len(set(names))
    assert {"Tiranë", "Shkodër", "Vlorë", "Pustec", "Malësi e Madhe"} <= set(names)
    assert len({county for _name, county in municipalities()}) == 12


@pytest.mark.parametrize("a, b", [
    ("Alba Tech sh.p.k.", "ALBA TECH"),
    ("Alba Tech SHPK", "alba   tech"),
    ("Përmet Agro sh.a.", "Permet Agro"),
    ("Çelik Group S.r.l.", "celik group srl"),
    ("Müller Bau GmbH", "Muller Bau"),
    ("Müller Bau GmbH & Co. KG", "MÜLLER BAU"),
    ("Hellas Foods Ltd.", "hellas foods limited"),
    ("  Ionian\tSolar  LLC ", "Ionian Solar"),
    ("Vlorë Marine S.p.A.", "Vlore Marine"),
])
def test_the_same_company_written_differently_has_one_key(a, b):
    assert normalise_company(a) == normalise_company(b) != ""


@pytest.mark.parametrize("a, b", [
    ("Alba Tech", "Alba Trade"),
    ("Durres Port Services", "Durres Port"),
    ("Ltd Ventures", "Ventures"),  # legal words are only dropped at the end of the name
])
def test_different_companies_keep_different_keys(a, b):
    assert normalise_company(a) != normalise_company(b)


def test_a_name_made_only_of_a_legal_form_is_kept():
    assert normalise_company("GmbH") == "gmbh"
    assert normalise_company("  ...  ") == ""
