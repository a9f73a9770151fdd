"""import-ror: the Research Organization Registry's dump, in dumps written by the test in
the registry's two schemas, through the real command into a real database."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import duckdb
import pytest

from pipeline import store
from pipeline.cli.main import main
from pipeline.count.institutions import _check as check_institutions
from pipeline.count.institutions import load_institutions
from pipeline.count.ror import count_left_out, merge_ror, ror_institutions
from pipeline.ops.institutions import load_institutions_list
from pipeline.sources.ror import read_ror_dump
from tests.conftest import make_settings


def v2_record(ror_id: str, name: str, kind: str = "education", country: str = "GB",
              aliases: tuple[str, ...] = (), acronyms: tuple[str, ...] = (),
              domains: tuple[str, ...] = (), website: str = "", parent: str = "",
              status: str = "active") -> dict:
    """One organisation as a schema v2 dump writes it."""
    names = [{"value": name, "types": ["ror_display", "label"], "lang": "en"},
             *({"value": a, "types": ["alias"], "lang": None} for a in aliases),
             *({"value": a, "types": ["acronym"], "lang": None} for a in acronyms)]
    return {
        "id": f"https://ror.org/{ror_id}", "names": names, "types": [kind], "status": status,
        "domains": list(domains),
        "links": [{"type": "website", "value": website}] if website else [],
        "locations": [{"geonames_id": 1, "geonames_details": {"country_code": country}}],
        "relationships": [{"type": "parent", "id": f"https://ror.org/{parent}",
                           "label": "x"}] if parent else [],
    }


RECORDS = [
    v2_record("01", "University of Salford", aliases=("Salford University",),
              acronyms=("UoS",), website="https://www.salford.ac.uk"),
    v2_record("02", "Acoustics Research Centre Salford", kind="facility", parent="01"),
    v2_record("03", "University of Crete", country="GR", domains=("uoc.gr",)),
    v2_record("04", "Old Closed Institute", status="inactive"),
    v2_record("05", "Ministry of Health", kind="government", country="FR"),
    v2_record("06", "Ministry of Health", kind="government", country="KE"),
    v2_record("07", "Zyxwa", kind="company", country="US", website="https://zyxwa.example"),
    v2_record("08", "Google", kind="company", country="US", domains=("google.com",)),
    v2_record("09", "Jagiellonian University", country="PL", aliases=("Uniwersytet Jagielloński",),
              website="http://www.uj.edu.pl/"),
    v2_record("10", "Example Robotics Inc", kind="company", country="DE",
              domains=("google.com",)),  # a domain the reviewed file holds: not taken
]


def write_dump(path: Path, records: list[dict], member: str = "ror-data_schema_v2.json"
               ) -> Path:
    """A dump zip holding `records` as one JSON array."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, json.dumps(records))
    return path


def write_ror_dump(path: Path, n_records: int) -> Path:
    """A schema v2 dump of `n_records` distinct organisations, a real dump's size (about
    120,000) for benchmarks: each with an alias, an acronym, a website and a country."""
    return write_dump(path, [
        v2_record(f"g{i:07d}", f"Generated Institute Number {i}", country="US",
                  aliases=(f"GIN {i} Laboratory",), acronyms=(f"GIN{i}",),
                  website=f"https://www.gin{i}.example.org") for i in range(n_records)])


def test_the_merged_list_keeps_the_institutions_file_rules(tmp_path: Path) -> None:
    _, curated = load_institutions()
    ror = ror_institutions(read_ror_dump(write_dump(tmp_path / "d.zip", RECORDS)))
    merged = merge_ror(curated, ror)
    check_institutions(tmp_path, merged)  # unique names, one owner per alias and domain
    by_name = {i.name: i for i in merged}
    assert by_name["Example Robotics Inc"].domains == ()  # google.com is the file's
    assert by_name["Acoustics Research Centre Salford"].parent == "University of Salford"
    assert count_left_out(curated, ror) == {"shared name": 2, "one-word name": 1,
                                            "in the institutions file": 1}
    orphan = merge_ror(curated, [i for i in ror if i.name != "University of Salford"])
    assert {i.name: i for i in orphan}["Acoustics Research Centre Salford"].parent == ""


def cli(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_dump_is_imported_beside_the_reviewed_file_which_wins(tmp_path: Path, capsys) -> None:
    dump = write_dump(tmp_path / "v1.55-2024-10-31-ror-data.zip", RECORDS)
    db = tmp_path / "t.duckdb"
    for _ in range(2):  # a second import of the same dump leaves the same table
        code, out, err = cli(["--db", str(db), "import-ror", str(dump)], capsys)
        assert code == 0, err
    assert "ROR v1.55-2024-10-31: 9 organisations, 5 matched" in out  # not the inactive one
    assert "left out: 1 in the institutions file, 1 one-word name, 2 shared name" in out
    con = duckdb.connect(str(db))
    rows = {r[0]: r[1:] for r in con.execute(
        "select name, type, country, parent, aliases, domains from core_ror_institutions")
        .fetchall()}
    assert con.execute("select count(*) from core_ror_institutions").fetchone() == (9,)
    assert "Old Closed Institute" not in rows
    assert rows["University of Salford"] == ("academia", "GB", "", ["Salford University"],
                                             ["salford.ac.uk"])  # no acronym; the website
    assert rows["Acoustics Research Centre Salford"][:3] == ("government", "GB",
                                                             "University of Salford")
    settings = make_settings(tmp_path, db_path=db)
    institutions = load_institutions_list(con, settings)
    con.close()
    assert "ROR v1.55-2024-10-31" in institutions.version
    matcher = institutions.matcher
    used = set(matcher.by_name)
    assert {"University of Salford", "University of Crete", "Jagiellonian University",
            "Acoustics Research Centre Salford"} <= used
    # shared by two records, one word, or the reviewed file's: not matched from the registry
    assert "Ministry of Health" not in used and "Zyxwa" not in used
    assert matcher.by_name["Google"].type == "industry" and matcher.by_domain[
        "google.com"] == "Google"
    page = ("A Title\nAnn A.1 Bob B.2 Cy C.3\n1Acoustics Research Centre Salford, UK\n"
            "2Uniwersytet Jagielloński 3Google Research\ncy@uoc.gr\nAbstract\n")
    found = matcher.find(page, page.index("Abstract"))
    assert [(f.institution, f.where) for f in found] == [
        ("Google", "affiliation"), ("Jagiellonian University", "affiliation"),
        ("University of Salford", "affiliation"), ("University of Crete", "email")]


def test_a_version_1_dump_is_read_too(tmp_path: Path, capsys) -> None:
    record = {"id": "https://ror.org/0v1", "name": "University of Toulon", "status": "active",
              "types": ["Education"], "aliases": ["Université de Toulon"],
              "acronyms": ["UTLN"], "labels": [{"label": "Universite de Toulon", "iso639": "fr"}],
              "country": {"country_code": "FR", "country_name": "France"},
              "links": ["https://www.univ-tln.fr"], "relationships": []}
    dump = write_dump(tmp_path / "v1.20-2023-02-28-ror-data.zip", [record],
                          member="v1.20-2023-02-28-ror-data.json")
    db = tmp_path / "t.duckdb"
    code, _, err = cli(["--db", str(db), "import-ror", str(dump)], capsys)
    assert code == 0, err
    con = duckdb.connect(str(db), read_only=True)
    assert store.load_ror(con) == ("v1.20-2023-02-28", [store.load_ror(con)[1][0]])
    entry = store.load_ror(con)[1][0]
    con.close()
    assert (entry.name, entry.type, entry.country, entry.domains) == (
        "University of Toulon", "academia", "FR", ("univ-tln.fr",))
    assert set(entry.aliases) == {"Université de Toulon", "Universite de Toulon"}


@pytest.mark.parametrize("content, problem", [
    (b"not a zip at all", "is not a ROR dump"),
    ("[{\"id\": \"x\", \"names\": [{\"types\": []}]}]", "record 'x' is malformed"),
    (None, "holds no JSON file"),
    ("[{\"id\": ", "is not valid JSON"),
    ("{\"id\": 1}", "is not a list of ROR records"),
])
def test_a_file_that_is_not_a_dump_is_refused_in_one_line(tmp_path: Path, capsys, content,
                                                          problem) -> None:
    path = tmp_path / "dump.zip"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with zipfile.ZipFile(path, "w") as archive:
            if content is not None:
                archive.writestr("ror.json", content)
            else:
                archive.writestr("readme.txt", "nothing")
    db = tmp_path / "t.duckdb"
    code, _, err = cli(["--db", str(db), "import-ror", str(path)], capsys)
    assert code == 1 and problem in err and len(err.strip().splitlines()) == 1


def test_recount_matches_the_stored_title_pages_with_the_registry(corpus: Path, tmp_path: Path,
                                                                 capsys) -> None:
    db = tmp_path / "t.duckdb"
    pdf = corpus / "pdfs" / "1902.00751v2.pdf"  # Google Research and Jagiellonian University
    assert cli(["--db", str(db), "add-pdfs", str(pdf)], capsys)[0] == 0
    dump = write_dump(tmp_path / "v1.55-2024-10-31-ror-data.zip", RECORDS)
    assert cli(["--db", str(db), "import-ror", str(dump)], capsys)[0] == 0
    before = cli(["--db", str(db), "institutions", "1902.00751", "--format", "csv"], capsys)[1]
    assert "Jagiellonian" not in before
    assert cli(["--db", str(db), "recount"], capsys)[0] == 0
    after = cli(["--db", str(db), "institutions", "1902.00751", "--format", "csv"], capsys)[1]
    assert "1902.00751,Jagiellonian University,academia" in after
    assert "1902.00751,Google,industry" in after
