"""Generated fan-fiction files: FanFicFare TXT and AO3-style conversions, with known headers.

The tests of story headers, the library benchmark and the screenshots use these, so each
knows exactly what its header says.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

CORPUS_FANFIC = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "fanfic"

FANDOMS = (
    "Vampire Diaries",
    "Dark Angel",
    "Harry Potter",
    "Supernatural",
    "Sherlock",
    "Star Trek",
    "Teen Wolf",
    "Marvel",
)
SHIPS = ("Damon/Alaric", "Max/Alec", "Harry/Draco", "Dean/Castiel", "John/Sherlock", "Kirk/Spock")
TAGS = ("slowburn", "Angst", "Hurt/Comfort", "Fluff", "AU", "Friendship", "Humor", "Romance")
RATINGS = ("K", "K+", "T", "M")
AO3_RATINGS = {
    "K": "General Audiences",
    "K+": "Teen And Up Audiences",
    "T": "Teen And Up Audiences",
    "M": "Mature",
}


@dataclass
class Spec:
    """What a generated story's header says."""

    title: str
    author: str
    fandoms: list[str]
    ships: list[str]
    characters: list[str]
    tags: list[str]
    rating: str
    complete: bool
    chapters: int
    words: int
    published: str
    updated: str
    url: str
    summary: str
    series: str = ""
    series_part: int = 0
    body: list[str] = field(default_factory=list)


def random_spec(rng: random.Random, n: int = 0) -> Spec:
    """A plausible story header, seeded by ``rng``."""
    fandom = rng.choice(FANDOMS)
    ships = rng.sample(SHIPS, rng.randint(1, 2))
    chars = sorted({name for s in ships for name in s.split("/")})
    chapters = rng.randint(1, 40)
    year = rng.randint(2005, 2024)
    series = rng.choice(["", "", f"{fandom} Nights", "Mystic Falls"])
    return Spec(
        title=f"{rng.choice(['The', 'A', 'Our'])} {rng.choice(['Long', 'Quiet', 'Last'])} "
        f"{rng.choice(['Road', 'Winter', 'Night', 'Promise'])} {n}",
        author=f"writer{rng.randint(1, 500)}",
        fandoms=[fandom],
        ships=ships,
        characters=chars,
        tags=rng.sample(TAGS, rng.randint(1, 4)),
        rating=rng.choice(RATINGS),
        complete=rng.random() < 0.5,
        chapters=chapters,
        words=chapters * rng.randint(800, 5000),
        published=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        updated=f"{year + 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        url=f"https://www.fanfiction.net/s/{1000 + n}/1/",
        summary=f"Story number {n}. {rng.choice(chars)} has a plan, and it goes wrong.",
        series=series,
        series_part=rng.randint(1, 5) if series else 0,
    )


def fanficfare_text(spec: Spec, chapters: list[tuple[str, str]] | None = None) -> str:
    """A FanFicFare TXT file: title page, tab-indented chapter titles, ``End file.``."""
    lines = [
        "",
        "",
        spec.title,
        "",
        f"by {spec.author}",
        "",
        "",
        f"Category: {', '.join(spec.fandoms)}",
        f"Genre: {', '.join(spec.tags)}",
        "Language: English",
        f"Characters: {', '.join(spec.characters)}",
        f"Relationships: {', '.join(spec.ships)}",
        f"Status: {'Completed' if spec.complete else 'In-Progress'}",
        f"Published: {spec.published}",
        f"Updated: {spec.updated}",
        "Packaged: 2025-01-01 12:00:00",
        f"Rating: {spec.rating}",
        f"Chapters: {spec.chapters}",
        f"Words: {spec.words:,}",
    ]
    if spec.series:
        lines.append(f"Series: {spec.series} [{spec.series_part}]")
    lines += [
        "Publisher: www.fanfiction.net",
        f"Story URL: {spec.url}",
        "Author URL: https://www.fanfiction.net/u/42/",
        f"Summary: {spec.summary}",
        "",
        "",
    ]
    body = chapters or [("Chapter 1", "It began on a Tuesday.\n\nThen it rained.")]
    for name, text in body:
        lines += ["", f"\t{name}", "", text, ""]
    lines += ["", "End file.", ""]
    return "\n".join(lines)


def ao3_text(spec: Spec, chapters: list[tuple[str, str]] | None = None) -> str:
    """An AO3 work converted to text: labels with their values on indented lines."""
    ao3_rating = AO3_RATINGS.get(spec.rating, spec.rating)
    planned = str(spec.chapters) if spec.complete else "?"
    lines = [
        spec.title,
        "Posted originally on the Archive of Our Own at http://archiveofourown.org/works/"
        f"{abs(hash(spec.url)) % 10**7}.",
        "",
        "Rating:",
        f"    {ao3_rating}",
        "Archive Warning:",
        "    No Archive Warnings Apply",
        "Category:",
        "    M/M",
        "Fandom:",
        *(f"    {f}" for f in spec.fandoms),
        "Relationship:",
        f"    {', '.join(spec.ships)}",
        "Character:",
        f"    {', '.join(spec.characters)}",
        "Additional Tags:",
        f"    {', '.join(spec.tags)}",
        "Language:",
        "    English",
    ]
    if spec.series:
        lines += ["Series:", f"    Part {spec.series_part} of {spec.series}"]
    lines += [
        "Stats:",
        f"    Published: {spec.published} Updated: {spec.updated} Words: {spec.words:,} "
        f"Chapters: {spec.chapters}/{planned}",
        "",
        spec.title,
        f"by {spec.author}",
        "",
        "Summary",
        "",
        spec.summary,
        "",
    ]
    body = chapters or [("Chapter 1: Tuesday", "It began on a Tuesday.\n\nThen it rained.")]
    for name, text in body:
        lines += [name, "", text, ""]
    lines += ["End Notes", "", "Thanks for reading!", ""]
    return "\n".join(lines)


def corpus_story(name: str = "alaric_leaving.txt") -> str:
    """The text of a story in the fan-fiction corpus."""
    return (CORPUS_FANFIC / name).read_text(encoding="utf-8")


def alaric_spec() -> Spec:
    """The header the screenshots and title-card tests give ``alaric_leaving.txt``."""
    return Spec(
        title="Alaric Leaving",
        author="Nightingale",
        fandoms=["Vampire Diaries"],
        ships=["Damon/Alaric"],
        characters=["Damon S.", "Alaric S.", "Elijah"],
        tags=["Angst", "Hurt/Comfort", "slowburn", "Friendship"],
        rating="T",
        complete=False,
        chapters=1,
        words=2304,
        published="2012-03-04",
        updated="2012-05-06",
        url="https://www.fanfiction.net/s/7850123/1/Alaric-Leaving",
        summary="After Elijah's ritual, Alaric decides to leave Mystic Falls until it's over."
        " Damon has a plan to make him talk. It is a <b>very</b> good plan.",
    )
