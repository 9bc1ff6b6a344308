"""The gettext catalogue of the phrases the code writes: a phrase removed,
left fuzzy or untranslated, with placeholders other than the English, or no
longer in the code is reported (and fails the build); a missing translation is
an error at run time too, never English in the Slovenian edition."""

from __future__ import annotations

import re
import shutil

import pytest

from pronvovid import messages, rules
from pronvovid.formatting import Formatter


@pytest.fixture
def po_copy(tmp_path):
    copy = tmp_path / "pronvovid.po"
    shutil.copy(messages.po_path("sl"), copy)
    return copy


def entry(text: str, context: str) -> re.Match:
    """The .po entry of a context: its comments, flags and msgctxt up to the next blank line."""
    found = re.search(rf'(?:^#.*\n)*^msgctxt "{re.escape(context)}"\n(?:^(?!\n).*\n)*', text, re.M)
    assert found, context
    return found


def edited(path, context, change) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = entry(text, context)
    path.write_text(text[: found.start()] + change(found.group()) + text[found.end() :], encoding="utf-8")
    return messages.catalogue_problems("sl", path)


def test_the_slovenian_catalogue_is_complete():
    assert messages.catalogue_problems("sl") == []


def test_a_removed_entry_is_reported(po_copy):
    problems = edited(po_copy, "col.address", lambda _: "")
    assert len(problems) == 1 and "col.address: missing" in problems[0] and str(po_copy) in problems[0]


def test_a_fuzzy_entry_is_reported_with_its_line(po_copy):
    problems = edited(
        po_copy, "ch5.keys", lambda e: e.replace("#, python-brace-format", "#, fuzzy, python-brace-format")
    )
    assert len(problems) == 1 and "ch5.keys: fuzzy" in problems[0]
    line = int(problems[0].split(":")[1])
    assert po_copy.read_text(encoding="utf-8").splitlines()[line - 1] == 'msgid "Keys: {keys}."'


def test_an_empty_translation_is_reported(po_copy):
    problems = edited(po_copy, "col.address", lambda e: re.sub(r'msgstr ".*"', 'msgstr ""', e))
    assert len(problems) == 1 and "untranslated" in problems[0]


def test_a_wrong_placeholder_is_reported(po_copy):
    problems = edited(
        po_copy, "ch5.keys", lambda e: e.replace('msgstr "Ključi: {keys}."', 'msgstr "Ključi: {kljuci}."')
    )
    assert len(problems) == 1 and "ch5.keys: placeholders" in problems[0]


def test_a_plural_form_with_a_wrong_placeholder_is_reported(po_copy):
    problems = edited(po_copy, "ch3.goals.title", lambda e: e.replace("cilja {goals}", "cilja {cilji}"))
    assert len(problems) == 1 and "ch3.goals.title: placeholders" in problems[0]


def test_a_missing_plural_form_is_reported(po_copy):
    problems = edited(po_copy, "unit.months", lambda e: re.sub(r'msgstr\[3\] ".*"\n', "", e))
    assert problems and all("unit.months" in p for p in problems)


def test_a_phrase_no_longer_in_the_code_is_reported(po_copy):
    with po_copy.open("a", encoding="utf-8") as handle:
        handle.write('\nmsgctxt "col.gone"\nmsgid "Gone"\nmsgstr "Ni ga več"\n')
        handle.write('\n#~ msgctxt "col.old"\n#~ msgid "Old"\n#~ msgstr "Staro"\n')
    problems = messages.catalogue_problems("sl", po_copy)
    assert len(problems) == 2
    assert "col.gone: no such phrase" in problems[0] and "col.old: obsolete" in problems[1]


def test_a_missing_translation_stops_the_code(monkeypatch):
    monkeypatch.setitem(messages.TEXT, "col.brand_new", "Brand new")
    with pytest.raises(LookupError, match=r"col\.brand_new"):
        Formatter("sl").text("col.brand_new")
    assert Formatter("en").text("col.brand_new") == "Brand new"
    assert any("col.brand_new: missing" in p for p in messages.catalogue_problems("sl"))


def test_the_template_holds_every_phrase_of_the_code():
    pot = messages.LOCALE_DIR / "pronvovid.pot"
    text = pot.read_text(encoding="utf-8")
    contexts = set(re.findall(r'^msgctxt "([^"]+)"', text, re.M))
    assert contexts == {context for context, _, _ in messages.entries()}, "run `make catalog`"


def test_every_data_rule_has_its_phrase_and_every_rule_phrase_its_rule():
    rule_ids = [r.rule_id for r in rules.RULES]
    phrases = {key.removeprefix("rule.") for key in messages.TEXT if key.startswith("rule.")}
    assert len(rule_ids) == len(set(rule_ids)), "two rules share an id"
    assert set(rule_ids) - phrases == set(), "rules without a rule.<id> phrase in messages.TEXT"
    assert phrases - set(rule_ids) == set(), "rule.<id> phrases without a registered rule"
    assert all(Formatter("sl").text(f"rule.{r}") != messages.TEXT[f"rule.{r}"] for r in rule_ids)
