"""Extract the phrases the book's code writes into locales/pronvovid.pot and
merge them into every translation, locales/<language>/LC_MESSAGES/pronvovid.po.

    python tools/catalog.py        # what `make catalog` runs

Extraction follows babel.cfg (the phrase table of src/pronvovid/messages.py and
its extractor). A phrase that is new appears in the .po untranslated; one whose
English changed is marked fuzzy with the old translation kept as a suggestion;
one that is gone stays as an obsolete (#~) entry for the translator to remove.
Then the problems still in each catalogue are listed (the build refuses them).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pronvovid import messages  # noqa: E402

POT = ROOT / "locales" / f"{messages.DOMAIN}.pot"
WIDTH = 100


def template() -> Catalog:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog(project="PRO-NVO-VID book", domain=messages.DOMAIN, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, method_map, options_map, strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def main() -> int:
    pot = template()
    with POT.open("wb") as handle:
        write_po(handle, pot, width=WIDTH, omit_header=False)
    print(f"[catalog] {POT.relative_to(ROOT)}: {len(pot)} phrases")
    status = 0
    for po in sorted((ROOT / "locales").glob(f"*/LC_MESSAGES/{messages.DOMAIN}.po")):
        language = po.parents[1].name
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=messages.DOMAIN)
        catalog.update(pot, update_header_comment=False)
        with po.open("wb") as handle:
            write_po(handle, catalog, width=WIDTH, include_previous=True)
        problems = messages.catalogue_problems(language, po)
        print(f"[catalog] {po.relative_to(ROOT)}: {len(problems)} to translate or check")
        for problem in problems:
            print(f"  {problem}")
        status = status or bool(problems)
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
