"""Institutions on title pages: the matcher's rules, on title pages written in the test."""

from __future__ import annotations

import pytest

from pipeline.count.institutions import Institution, InstitutionMatcher, load_institutions
from pipeline.errors import ConfigError


def entry(name: str, kind: str = "academia", parent: str = "", aliases: tuple = (),
          acronyms: tuple = (), domains: tuple = (), context: tuple = ()) -> Institution:
    return Institution(name, kind, "US", parent, aliases, acronyms, domains, context)


SMALL = [
    entry("Google", "industry", domains=("google.com",)),
    entry("Google Brain", "industry", parent="Google"),
    entry("DeepMind", "industry", parent="Google", aliases=("Google DeepMind",),
          domains=("deepmind.com",)),
    entry("Massachusetts Institute of Technology", acronyms=("MIT",), domains=("mit.edu",),
          context=("Cambridge", "CSAIL")),
    entry("University of Washington", acronyms=("UW",), domains=("uw.edu", "washington.edu")),
    entry("Washington University in St. Louis", aliases=("Washington University",),
          domains=("wustl.edu",)),
]


def test_names_fold_into_their_parent_and_count_once() -> None:
    text = ("A Title\nAnn A.1 Bob B.2\n1Google Brain 2Google DeepMind, London\n"
            "{ann, bob}@google.com\n\fpage two: Google again")
    found = InstitutionMatcher(SMALL).find(text, header_end=text.index("\f"))
    assert [(f.institution, f.type, f.where) for f in found] == [
        ("Google", "industry", "affiliation")]
    apart = InstitutionMatcher(SMALL, fold_deepmind=False).find(text, text.index("\f"))
    assert [f.institution for f in apart] == ["DeepMind", "Google"]


def test_an_acronym_needs_evidence_and_the_longest_name_wins() -> None:
    matcher = InstitutionMatcher(SMALL)
    alone = "Title\nAnn MIT\nUW\nAbstract\n"
    assert matcher.find(alone, len(alone)) == []  # "MIT", "UW": ambiguous alone
    backed = "Title\nAnn (MIT CSAIL), Bob (UW)\nbob@cs.washington.edu\n"
    assert [f.institution for f in matcher.find(backed, len(backed))] == [
        "Massachusetts Institute of Technology", "University of Washington"]
    glued = "Title\nAnn1 Bob2\n1Washington University in St. Louis 2Google Brain\n"
    assert [f.institution for f in matcher.find(glued, len(glued))] == [
        "Google", "Washington University in St. Louis"]
    longest = "Title\nWashington University in St.\nLouis\n"
    assert [f.institution for f in matcher.find(longest, len(longest))] == [
        "Washington University in St. Louis"]


def test_a_footnote_counts_only_when_it_speaks_of_an_affiliation() -> None:
    header = "Title\nAnn A.*\n"
    page = header + "Abstract. Body text.\n*Equal contribution. Coin flip over a Google Hangout.\n"
    assert InstitutionMatcher(SMALL).find(page, len(header)) == []
    page = header + "Abstract. Body text.\n*Work done while at Google Brain.\n"
    assert [(f.institution, f.where) for f in InstitutionMatcher(SMALL).find(
        page, len(header))] == [("Google", "footnote")]


def test_the_file_is_checked_when_loaded(tmp_path) -> None:
    good = ('version = "t"\n[[institution]]\nname = "Google"\ntype = "industry"\n'
            'domains = ["google.com"]\n[[institution]]\nname = "Google Brain"\n'
            'type = "industry"\nparent = "Google"\n')
    path = tmp_path / "institutions.toml"
    path.write_text(good, encoding="utf-8")
    version, institutions = load_institutions(path)
    assert version == "t" and [i.name for i in institutions] == ["Google", "Google Brain"]
    for bad, problem in [
        (good + '[[institution]]\nname = "X"\ntype = "industry"\ndomains = ["google.com"]\n',
         "domain 'google.com' under Google and X"),
        (good.replace('parent = "Google"', 'parent = "Alphabet"'), "unknown parent"),
        (good.replace('type = "industry"\nparent', 'type = "company"\nparent'),
         "unknown type"),
    ]:
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(ConfigError, match=problem):
            load_institutions(path)


def test_a_company_s_one_word_name_in_a_title_is_not_an_affiliation() -> None:
    companies = [*SMALL, entry("Twitter", "industry", domains=("twitter.com",)),
                 entry("Meta", "industry", domains=("meta.com",))]
    matcher = InstitutionMatcher(companies)
    title = "Meta-Learning for Twitter Sentiment\nAnn A.1 Bob B.2\n1University of Washington\n"
    assert [f.institution for f in matcher.find(title, len(title))] == [
        "University of Washington"]
    for zone, company in [("Title\nAnn A.\nTwitter, Inc.\n", "Twitter"),  # a company word
                          ("Title\nAnn A.\n1Twitter\n", "Twitter"),  # alone on its line
                          ("Title\nAnn A. (Meta)\nann@meta.com\n", "Meta")]:  # its domain
        assert [f.institution for f in matcher.find(zone, len(zone))] == [company], zone


def test_the_shipped_file_covers_300_institutions_each_found_by_every_spelling() -> None:
    _, institutions = load_institutions()
    assert len(institutions) >= 300
    assert {i.type for i in institutions} == {"industry", "academia", "government", "nonprofit"}
    matcher = InstitutionMatcher(institutions)
    for institution in institutions:
        for spelling in (institution.name, *institution.aliases):
            page = f"Title\nAnn A.\n{spelling}\n"
            found = [f.institution for f in matcher.find(page, len(page))]
            assert found == [matcher.fold(institution.name)], spelling


RULES = [*SMALL, entry("Google Research", "industry", parent="Google"),
         entry("OpenAI", "industry", domains=("openai.com",)),
         entry("Mila", "nonprofit", domains=("mila.quebec",)),
         entry("University of Amsterdam", domains=("uva.nl",))]


def names(zone: str, fold_deepmind: bool = True) -> list[str]:
    """The institutions a title zone names (the whole text is the zone)."""
    return [f.institution for f in InstitutionMatcher(RULES, fold_deepmind).find(zone, len(zone))]


def test_the_title_does_not_count_after_running_heads_and_over_its_lines() -> None:
    zone = ("Published as a conference paper at ICLR 2024\n"
            "Agents in Google Research Football and the\n"  # ends in a small word: goes on
            "DeepMind Control Suite, from\n"
            "pixels alone\n"  # starts in lower case: goes on
            "Ann A.1 Bob B.2\n1University of Washington\n")
    assert names(zone, fold_deepmind=False) == ["University of Washington"]
    # the line after a title that ends is the authors' or an affiliation: it counts
    assert names("Scaling Laws for Agents\nGoogle Research\nann@x.org\n") == ["Google"]
    assert names("0\n1 2\nDRAFT 2014\n") == []  # a cover page: no title, nothing named


def test_a_cover_page_names_nothing_of_page_two() -> None:
    text = "0\nNovember 17, 2014 DRAFT\n\fA Title\nAnn A.\nUniversity of Washington\nAbstract"
    assert InstitutionMatcher(RULES).find(text, text.index("Abstract")) == []


def test_addresses_and_urls_are_read_as_domains_not_words() -> None:
    zone = ("A Title\nAnn A.\nUniversity of Washington\n"
            "Code: https://github.com/google-research/x and github.com/openai/y\n")
    assert names(zone) == ["University of Washington"]
    found = InstitutionMatcher(RULES).find("A Title\nAnn A.\nann@google.com\n", 30)
    assert [(f.institution, f.where, f.evidence) for f in found] == [
        ("Google", "email", "ann@google.com")]


def test_a_footnote_s_funding_clauses_do_not_count() -> None:
    header = "Title\nAnn A.* Bob B.†\nUniversity of Amsterdam\n"
    for footnote, expected in [
        ("*This research was funded by Google Research.", []),
        ("*Supported by an OpenAI grant. †Work done while at Google Brain.", ["Google"]),
        ("*Work done while at Google Brain, supported by a gift from OpenAI.", ["Google"]),
        ("*We thank Google Research for compute; work done at Mila, Montreal.", ["Mila"]),
    ]:
        page = f"{header}Abstract. Body.\n{footnote}\n"
        found = InstitutionMatcher(RULES).find(page, len(header))
        assert [f.institution for f in found if f.where == "footnote"] == expected, footnote


def test_a_one_word_name_is_not_part_of_a_longer_word_or_a_person_s_name() -> None:
    assert names("Title\nMila Nikolova1, Ann A.2\n1University of Washington\n") == [
        "University of Washington"]
    assert names("Title\nMila R. Smith\nUniversity of Washington\n") == [
        "University of Washington"]
    assert names("Title\nAnn A.1 Bob B.2\n1Mila, Montreal 2University of Washington\n") == [
        "Mila", "University of Washington"]
    assert names("Title\nAnn A.\nUniversity of Washington\nBaselines: OpenAI Gym, "
                 "Meta-Learning\n") == ["University of Washington"]


def test_a_company_s_one_word_name_counts_between_separators() -> None:
    assert names("Title\nAnn A.\nUniversity of Amsterdam, OpenAI\n") == [
        "OpenAI", "University of Amsterdam"]
    assert names("Title\nAnn A.\nUniversity of Washington\nWe use OpenAI models\n") == [
        "University of Washington"]
    header = "Title\nAnn A.* Bob B.1\n"
    for footnote in ("*This work was done while Ann was an intern at Google.",
                     "*Equal contribution 1DeepMind, London, UK. Correspondence to: Ann A."):
        page = f"{header}Abstract. Body.\n{footnote}\n"
        found = InstitutionMatcher(RULES).find(page, len(header))
        assert [(f.institution, f.where) for f in found] == [("Google", "footnote")], footnote
