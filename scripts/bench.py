"""`make bench`: factcheck's speed against spaCy's own, and how it grows with the corpus.

Generates synthetic corpora (an invented show; planted disagreements and
misspelled names; a seeded RNG, so every run reads the same text), then times,
each in a fresh process so that peak memory and "was the model loaded" belong
to that run alone: raw `nlp.pipe`, a cold scan, a warm re-scan, a re-scan after
one article changed, and a cold scan in two processes. Also resolves 10,000
distinct synthetic names, and scans single articles of pathological text (the
20,000-character divider of issue #15 and its kin). Prints a table and writes
reports/bench.json.

    python scripts/bench.py --sizes 200,1000        # the default, a few minutes on 2 cores
    python scripts/bench.py --sizes 1000,10000      # the larger run
    python scripts/bench.py --text-only             # the pathological-text cases alone, about a minute
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("ingest", "extract", "names", "values", "compare", "write")
CORPUS_STAGES = ("ingest", "names", "values", "compare", "write")  # what runs on every scan, cached or not

# ------------------------------------------------------------------ corpus

FAMILY = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin", "Kwon",
          "Hwang", "Ahn", "Song", "Jeon", "Hong", "Go", "Moon", "Yang", "Son", "Bae", "Baek", "Heo", "Nam", "Noh", "Ha",
          "Yoo", "Jin", "Ryu", "Chae", "Woo"]
SYLLABLES = ["Min", "Ji", "Seo", "Yeon", "Hyun", "Woo", "Jin", "Soo", "Ha", "Eun", "Chae", "Do", "Tae", "Yu", "Na", "Se",
             "Rin", "Gi", "Dong", "Gyu", "So", "Yul", "Da", "Seul", "Hae", "Rim", "Chang", "Ho", "Young", "Joon", "Bo",
             "Kyung", "Sung", "Hee", "Mi", "Jae", "Won", "Sang", "Yong", "Ye", "Ah", "Hwa", "Kyu", "Beom", "Geun"]
FIRST = ["Dana", "Ravi", "Tom", "Marianne", "Priya", "Lucas", "Grace", "Omar", "Hannah", "Felix", "Nadia", "Owen", "Clara",
         "Mateo", "Ingrid", "Samuel", "Leila", "Victor", "Amara", "Jonah", "Elena", "Tobias", "Maya", "Rafael", "Zoe",
         "Henrik", "Aisha", "Declan", "Sofia", "Marcus", "Yara", "Elliot", "Bianca", "Tariq", "Lena", "Hugo", "Ines",
         "Caleb", "Noor", "Gideon", "Freya", "Anton", "Celine", "Idris", "Mira", "Julian", "Talia", "Rowan", "Esme"]
LAST = ["Whitfield", "Menon", "Adeyemi", "Cho", "Okafor", "Lindqvist", "Moreau", "Castellano", "Brennan", "Novak",
        "Haddad", "Fischer", "Ramirez", "Kowalski", "Achebe", "Sorensen", "Delgado", "Marsh", "Petrov", "Quinlan",
        "Vance", "Oyelaran", "Dubois", "Harrow", "Bellamy", "Nakamura", "Ferreira", "Galloway", "Ibsen", "Kessler",
        "Larkin", "Mbeki", "Navarro", "Osei", "Pemberton", "Rourke", "Saldana", "Thorne", "Umber", "Varga", "Wexler",
        "Yilmaz", "Zeller", "Ashby", "Blackwood", "Carver", "Drummond", "Ellery", "Fairfax", "Greaves", "Holloway"]
TITLE_ADJ = ["Ninth", "Silent", "Hollow", "Crimson", "Last", "Quiet", "Broken", "Amber", "Drowned", "Paper", "Salt",
             "Winter", "Eleventh", "Lantern", "Glass", "Iron", "Pale", "Seventh"]
TITLE_NOUN = ["Tide", "Harbor", "Orchard", "Ledger", "Meridian", "Lighthouse", "Ferry", "Reef", "Crossing", "Archive",
              "Current", "Shoal", "Pier", "Causeway", "Tidewater", "Beacon"]
STREAMERS = ["Lumen+", "Harborview", "Stellar+", "Kestrel TV", "Northlight"]
COMPANY_A = ["Blue Reef", "Moonwake", "Gray Heron", "Red Lantern", "Tidemark", "Silver Ash", "Kite Hill", "Seawall"]
COMPANY_B = ["Pictures", "Entertainment", "Studios", "Films", "Media"]
OUTLET_A = ["Stream", "Screen", "Critic", "Drama", "Binge", "Reel", "Pixel", "Night", "Couch", "Frame", "Tele", "Cue"]
OUTLET_B = ["Scout", "Ledger", "Wise", "Corner", "Beat", "Wave", "Notes", "Desk", "Report", "Digest", "Gazette", "Post"]
GENRES = ["mystery thriller", "crime drama", "psychological thriller", "coastal noir", "detective drama"]
PLACES = ["Haeryong", "Sangdo", "Mokseom", "Geumpo", "Dalsan", "Wolhwa", "Baekdo", "Nuri", "Seomjin", "Hwanpo"]
LANDMARKS = ["lighthouse", "ferry terminal", "salt works", "fish market", "sea wall", "old cannery", "harbour chapel"]
JOBS = ["ferry mechanic", "island pharmacist", "harbour master", "schoolteacher", "police chief", "fishmonger",
        "councilman", "radio host", "diver", "innkeeper"]
MOTIFS = ["fog", "lighthouses", "yellow raincoats", "night ferries", "salt flats", "harbour bells", "wet piers"]
PRAISE = ["the rare thriller that trusts silence", "a slow burn that pays off", "the best-looking series of the year",
          "a mystery with a heart", "uneven but gripping", "too long by two episodes", "an actors' showcase",
          "as cold and clear as the sea it is set beside", "a puzzle box that never cheats"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def korean_name(rng: random.Random) -> str:
    a, b = rng.sample(SYLLABLES, 2)
    return f"{rng.choice(FAMILY)} {a}-{b.lower()}"


def western_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def garble(name: str, rng: random.Random) -> str:
    """A misspelling editors meet: romanization, a dropped hyphen, odd case, a doubled or dropped letter."""
    family, _, given = name.partition(" ")
    options = []
    if "-" in given:
        a, b = given.split("-", 1)
        options += [f"{family} {a}-{b.capitalize()}", f"{family} {a} {b.capitalize()}"]
        for x, y in (("yu", "yoo"), ("eo", "u"), ("oo", "u"), ("g", "k"), ("u", "oo"), ("k", "g")):
            if b.startswith(x):
                options.append(f"{family} {a}-{y + b[len(x):]}")
    for x, y in (("Yoon", "Yun"), ("Lee", "Yi"), ("Park", "Pak"), ("Choi", "Choe"), ("Jung", "Jeong"), ("Lim", "Im")):
        if family == x:
            options.append(f"{y} {given}")
    if not options:
        i = rng.randrange(1, len(name) - 1)
        options.append(name[:i] + name[i] + name[i:] if name[i].isalpha() else name)
    return rng.choice(options)


def pretty(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


@dataclass
class Show:
    """The facts of one invented show, and the wrong values some articles give instead."""

    title: str
    streamer: str
    genre: str
    place: str
    premiere: date
    episodes: int
    company: str
    partner: str
    director: str
    writer: str
    author: str
    work: str
    cast: list[tuple[str, str]]  # (role, actor)
    renewed: date
    s2_year: int

    @classmethod
    def invent(cls, rng: random.Random) -> "Show":
        adj, noun = rng.choice(TITLE_ADJ), rng.choice(TITLE_NOUN)
        names = set()
        while len(names) < 16:
            names.add(korean_name(rng))
        names = sorted(names)
        rng.shuffle(names)
        premiere = date(2023, 1, 1) + timedelta(days=rng.randrange(300))
        company = f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}"
        roles = [n.split()[1] for n in names[:6]]  # characters go by given name ("Eun-chae")
        return cls(title=f"The {adj} {noun}", streamer=rng.choice(STREAMERS), genre=rng.choice(GENRES),
                   place=rng.choice(PLACES), premiere=premiere, episodes=rng.choice([8, 10, 12, 16]), company=company,
                   partner=f"Studio {rng.choice(['Haneul', 'Bada', 'Nabi', 'Sori', 'Gaon'])}", director=names[6],
                   writer=names[7], author=names[8], work=f"{rng.choice(['Low', 'High', 'Still', 'Dark'])} Water Letters",
                   cast=list(zip(roles, names[9:15])), renewed=premiere + timedelta(days=rng.randrange(40, 90)),
                   s2_year=premiere.year + 2)


class Writer:
    """One article at a time from the show's facts: a varied mix of paragraphs, some with a planted error."""

    def __init__(self, show: Show, rng: random.Random, wrong: float = 0.07, misspell: float = 0.12):
        self.s, self.rng, self.wrong, self.misspell = show, rng, wrong, misspell

    def name(self, n: str) -> str:
        return garble(n, self.rng) if self.rng.random() < self.misspell else n

    def off(self) -> bool:
        return self.rng.random() < self.wrong

    def article(self, published: date) -> tuple[str, str]:
        s, rng = self.s, self.rng
        outlet = f"{rng.choice(OUTLET_A)}{rng.choice(OUTLET_B)}"
        title = rng.choice([f"{s.title} Season 2 on {s.streamer}: Everything We Know So Far",
                            f"Where to Watch {s.title}, and Is It Worth Your Weekend?",
                            f"{s.title} Reviews: Critics Weigh In on {s.streamer}’s Island Mystery",
                            f"{s.title} Cast and Characters: Who Plays Who",
                            f"{s.streamer} and the Rise of {s.title}"])
        middle = [self.premiere(), self.credits(), self.episodes(), self.cast(), self.status(published),
                  self.critic(outlet), self.sequel(), self.audience()]
        rng.shuffle(middle)
        paras = [self.opening(), self.plot(), *(p for p in middle if rng.random() < 0.8), self.closing()]
        heading = rng.choice([f"What is {s.title} about?", f"Who is in the cast of {s.title}?", "The verdict so far",
                              f"{s.title} season 2 renewal status"])
        paras.insert(rng.randrange(1, len(paras)), heading)
        return title, title + "\n\n" + "\n\n".join(paras) + "\n"

    def opening(self) -> str:
        s, rng = self.s, self.rng
        return rng.choice([
            f"{s.streamer} has a new Korean obsession on its hands, and we already want to know whether {s.title} will come back for more.",
            f"If your feed has been full of {', '.join(rng.sample(MOTIFS, 2))} and {rng.choice(MOTIFS)}, you have probably seen clips from {s.title}.",
            f"{s.title} has quietly become one of the most talked-about series on {s.streamer} this year.",
        ]) + " " + rng.choice([
            "We’ll be keeping this page updated with every scrap of news.",
            "Here is what you need to know before you press play.",
            f"It has been {rng.randrange(2, 40)} days since the finale, and the fan theories have not slowed down.",
            f"Our {rng.choice(['guide', 'round-up', 'explainer'])} covers the essentials, without spoilers.",
        ])

    def plot(self) -> str:
        s, rng = self.s, self.rng
        lead, friend = s.cast[0][0], s.cast[1][0]
        return (f"Detective {lead} returns to {s.place}, the fog-bound island where her younger sister vanished "
                f"{rng.choice(['a decade', 'twelve years', 'fifteen years', 'a lifetime'])} earlier, after a body washes up "
                f"beneath the old {rng.choice(LANDMARKS)}. Everyone on the island seems to remember that night a little "
                f"differently, and the one person {lead} still trusts, her childhood friend {friend}, the "
                f"{rng.choice(JOBS)}, is the first name on the police list.")

    def premiere(self) -> str:
        s, rng = self.s, self.rng
        day = s.premiere + timedelta(days=7) if self.off() else s.premiere
        return rng.choice([
            f"{s.title} premiered on {pretty(day)}, with the whole first season dropping at once.",
            f"The first season debuted on {pretty(day)}, and every episode arrived on the same day.",
            f"{s.title} arrived on {s.streamer} on {pretty(day)}, and it has not left the top ten since.",
        ])

    def credits(self) -> str:
        s, rng = self.s, self.rng
        company = f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}" if self.off() else s.company
        first = rng.choice([
            f"It is a Korean-language {s.genre} directed by {self.name(s.director)} and written by {self.name(s.writer)}, "
            f"adapted from the webtoon {s.work} by {self.name(s.author)}.",
            f"Behind the camera are director {self.name(s.director)} and screenwriter {self.name(s.writer)}, who adapted "
            f"the story from {self.name(s.author)}’s webtoon {s.work}.",
        ])
        return first + " " + rng.choice([f"The series was produced by {company} and {s.partner}.",
                                         f"The series is produced by {company} and {s.partner}."])

    def episodes(self) -> str:
        s, rng = self.s, self.rng
        n = s.episodes + rng.choice([-2, 2]) if self.off() else s.episodes
        return rng.choice([
            f"The first season consists of {n} episodes, each running close to an hour, and the finale answers the central question while opening a much bigger one.",
            f"All {n} episodes of the first season are streaming now, each between {rng.randrange(45, 55)} and {rng.randrange(58, 70)} minutes long.",
        ])

    def cast(self) -> str:
        s, rng = self.s, self.rng
        cast = list(s.cast)
        if self.off():
            i = rng.randrange(len(cast))
            cast[i] = (cast[i][0], korean_name(rng))  # a wrong actor for one role
        shown = rng.sample(cast, rng.randrange(3, len(cast) + 1))
        items = [f"{role} ({self.name(actor)})" for role, actor in shown]
        return (f"The main cast of season one includes {', '.join(items[:-1])} and {items[-1]}. "
                f"If the show returns, we’d expect {self.name(shown[0][1])} back at the very least.")

    def status(self, published: date) -> str:
        s, rng = self.s, self.rng
        if published < s.renewed:
            return (f"Official {s.streamer} Renewal Status: Pending (Last Updated: {published:%d/%m/%Y})\n\n"
                    f"{s.streamer} has not said a word about a second season yet.")
        return rng.choice([f"{s.streamer} has renewed {s.title} for a second season, the streamer confirmed in {MONTHS[s.renewed.month - 1]}.",
                           f"Yes. {s.streamer} renewed the show in {MONTHS[s.renewed.month - 1]}, though it has not said when the new episodes will land."])

    def critic(self, outlet: str) -> str:
        s, rng = self.s, self.rng
        who = western_name(rng) if rng.random() < 0.6 else korean_name(rng)
        role, actor = rng.choice(s.cast)
        return (f"“{s.title} is {rng.choice(PRAISE)},” wrote {who} for {outlet}. {who.split()[-1]} singled out "
                f"{self.name(actor)} as {role}: “{rng.choice(['A performance', 'A turn', 'Work'])} of {rng.choice(['rare', 'quiet', 'fierce', 'real'])} "
                f"{rng.choice(['control', 'grace', 'nerve', 'warmth'])}.”")

    def sequel(self) -> str:
        s, rng = self.s, self.rng
        year = s.s2_year + rng.choice([-1, 1]) if self.off() else s.s2_year
        return (f"An insider told the Korean outlet {rng.choice(['Daily Spotlight', 'Star Wire', 'K-Scene'])} that "
                f"{s.streamer} is aiming to release season 2 in {year}, with filming pencilled in for the {rng.choice(['spring', 'summer', 'autumn'])}.")

    def audience(self) -> str:
        s, rng = self.s, self.rng
        n = rng.choice(["10.1", "8.7"]) if self.off() else "9.4"
        return (f"According to {s.streamer}, more than {n} million households watched at least part of the first season "
                f"within its first month, and the show reached number one in {rng.randrange(20, 60)} countries.")

    def closing(self) -> str:
        s, rng = self.s, self.rng
        return rng.choice([
            f"We’ll update this guide as soon as {s.streamer} makes an announcement.",
            f"Watch it with the lights on, and maybe not right before a {rng.choice(['ferry trip', 'night swim', 'beach holiday'])}.",
            "Whether that sets up a second season is, for now, anyone’s guess.",
        ])


def generate(root: Path, n: int, seed: int) -> dict:
    """N articles with a sidecar of dates; the same seed gives the same text, and a smaller N is a prefix of a larger."""
    rng = random.Random(seed)
    show = Show.invent(rng)
    writer = Writer(show, rng)
    root.mkdir(parents=True, exist_ok=True)
    rows, words = [], 0
    for i in range(n):
        published = show.premiere + timedelta(days=rng.randrange(1, 400))
        title, text = writer.article(published)
        text += f"\nThis is story {i} in our {show.title} coverage.\n"  # no two articles are duplicates
        name = f"{i:05d}_article.txt"
        (root / name).write_text(text, encoding="utf-8")
        rows.append({"file": name, "title": title, "url": f"https://example.com/{i}", "published": published.isoformat()})
        words += len(text.split())
    (root / "sources.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return {"articles": n, "words": words, "show": show.title}


def synthetic_names(n: int, seed: int) -> Counter:
    """N distinct names, Korean and Western, a tenth of them misspellings of others, with mention counts."""
    rng = random.Random(seed)
    names: Counter = Counter()
    base: list[str] = []
    while len(names) < n:
        if base and rng.random() < 0.1:
            s = garble(rng.choice(base), rng)
        else:
            s = korean_name(rng) if rng.random() < 0.6 else western_name(rng)
            base.append(s)
        if s not in names:
            names[s] = rng.randrange(1, 6)
    return names


# ------------------------------------------------------------------ one measurement, in a fresh process

def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux: KiB


def child_raw(corpus: Path, model: str) -> dict:
    """spaCy alone: the same model, all its components, on the same texts."""
    import spacy

    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    t0 = time.perf_counter()
    nlp = spacy.load(model)
    t1, c1 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=16):  # factcheck's batch size; spaCy's default (256 here) is slower on this machine
        pass
    t2, c2 = time.perf_counter(), time.process_time()
    return {"load_s": t1 - t0, "pipe_s": t2 - t1, "pipe_cpu_s": c2 - c1, "words": sum(len(t.split()) for t in texts), "peak_mb": peak_mb(),
            "components": nlp.pipe_names}


def child_scan(corpus: Path, cache: Path, out: Path, n_process: int) -> dict:
    """One `factcheck scan`: stage times, whether the model was loaded, how many articles reached it."""
    import factcheck
    from factcheck import nlp as fnlp, pipeline

    loads, processed = [], []
    load, local = fnlp.load, pipeline.process_local
    fnlp.load = lambda *a, **k: loads.append(1) or load(*a, **k)
    pipeline.process_local = lambda articles, *a, **k: processed.append(len(articles)) or local(articles, *a, **k)
    timings: dict[str, float] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    result = factcheck.scan(corpus, cache=cache, n_process=n_process, timings=timings)
    t1 = time.perf_counter()
    result.write(out)
    timings["write"] = time.perf_counter() - t1
    f = result.findings
    return {"seconds": time.perf_counter() - t0, "cpu_s": time.process_time() - c0, "stages": timings, "model_loads": len(loads),
            "processed": sum(processed), "articles": len(result.articles), "claims": len(result.claims),
            "entities": len(result.entities), "contradictions": int((f["kind"] == "contradiction").sum()) if len(f) else 0,
            "spelling_variants": int((f["kind"] == "spelling_variant").sum()) if len(f) else 0,
            "words": sum(len(t.split()) for t in result.texts.values()),
            "peak_mb": peak_mb(), "children_peak_mb": peak_mb(resource.RUSAGE_CHILDREN)}


def child_names(n: int, seed: int) -> dict:
    from factcheck.names import resolve

    names = synthetic_names(n, seed)
    t0 = time.perf_counter()
    res = resolve(names)
    return {"names": len(names), "seconds": time.perf_counter() - t0, "entities": len(set(res.cluster_of.values())),
            "merges": len(res.merges), "peak_mb": peak_mb()}


# ------------------------------------------------------------------ pathological text

TEXT_BODY = ("The Ninth Tide: notes on season one\n\nThe first season has 10 episodes. The series is produced by Blue Reef "
             "Pictures, and Season 2 will be released in March 2026. Eun-chae (Go Yu-na) returns.\n") * 4


def pathological_texts() -> dict[str, str]:
    """One article each: the worst inputs for spaCy's tokenizer that real saved pages and exports hold."""
    return {
        "20,000-char '=' divider, 22 KB": TEXT_BODY + "=" * 20_000 + "\n" + TEXT_BODY,
        "20,000 '&' (a saved page's &amp; run)": TEXT_BODY + "&" * 20_000 + "\n" + TEXT_BODY,
        "'.,;:' x 5,000 (mixed punctuation)": TEXT_BODY + ".,;:" * 5_000 + "\n" + TEXT_BODY,
        "one 100,000-char token": TEXT_BODY + "x" * 100_000 + "\n" + TEXT_BODY,
        "32-char '=' runs, just under the mask, 22 KB": TEXT_BODY + ("=" * 32 + " ") * 600 + TEXT_BODY,
    }


def child_text(case: str) -> dict:
    """One pathological article, scanned cold: the seconds of the scan and of its NLP stage (model load apart)."""
    import factcheck
    from factcheck import nlp as fnlp

    text = pathological_texts()[case]
    nlp, load = fnlp.load(), fnlp.load
    fnlp.load = lambda *a, **k: nlp  # the model's load is not the article's time
    with tempfile.TemporaryDirectory() as d:
        Path(d, "article.txt").write_text(text, encoding="utf-8")
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        result = factcheck.scan(d, use_cache=False, timings=timings)
        seconds = time.perf_counter() - t0
    fnlp.load = load
    return {"case": case, "bytes": len(text.encode()), "seconds": seconds, "extract_s": timings.get("extract", 0.0),
            "claims": len(result.claims), "peak_mb": peak_mb()}


def text_table(rows: list[dict]) -> str:
    lines = ["", f"{'pathological text (one article, cold)':46}{'bytes':>9}{'scan s':>9}{'NLP s':>8}{'claims':>8}"]
    lines.append("-" * len(lines[-1]))
    for r in rows:
        lines.append(f"{r['case']:46}{r['bytes']:>9,}{r['seconds']:>9.2f}{r['extract_s']:>8.2f}{r['claims']:>8}")
    return "\n".join(lines)


def run_child(kind: str, **kw) -> dict:
    args = json.dumps({"kind": kind, **{k: str(v) if isinstance(v, Path) else v for k, v in kw.items()}})
    r = subprocess.run([sys.executable, __file__, "--child", args], capture_output=True, text=True, cwd=ROOT)
    if r.returncode:
        sys.exit(f"bench: {kind} failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def child_main(spec: str) -> None:
    kw = json.loads(spec)
    kind = kw.pop("kind")
    if kind == "raw":
        out = child_raw(Path(kw["corpus"]), kw["model"])
    elif kind == "scan":
        out = child_scan(Path(kw["corpus"]), Path(kw["cache"]), Path(kw["out"]), kw["n_process"])
    elif kind == "text":
        out = child_text(kw["case"])
    else:
        out = child_names(kw["n"], kw["seed"])
    print(json.dumps(out))


# ------------------------------------------------------------------ the run

def same_bytes(a: Path, b: Path) -> bool:
    return all((a / f).read_bytes() == (b / f).read_bytes() for f in ("findings.jsonl", "claims.jsonl", "entities.jsonl"))


def bench_size(n: int, work: Path, seed: int, model: str) -> dict:
    shutil.rmtree(work / str(n), ignore_errors=True)  # a kept folder from an earlier run must not warm the cold scan
    work = work / str(n)
    corpus = work / f"corpus-{n}"
    gen = generate(corpus, n, seed)
    print(f"  {n} articles, {gen['words']:,} words: raw spaCy ...", file=sys.stderr, flush=True)
    raw = run_child("raw", corpus=corpus, model=model)
    cache = work / f"cache-{n}.sqlite"
    print("  cold scan ...", file=sys.stderr, flush=True)
    cold = run_child("scan", corpus=corpus, cache=cache, out=work / f"cold-{n}", n_process=1)
    warm = run_child("scan", corpus=corpus, cache=cache, out=work / f"warm-{n}", n_process=1)
    changed_file = corpus / f"{n // 2:05d}_article.txt"
    changed_file.write_text(changed_file.read_text(encoding="utf-8") + "\nUpdate: the first season has 14 episodes.\n", encoding="utf-8")
    changed = run_child("scan", corpus=corpus, cache=cache, out=work / f"changed-{n}", n_process=1)
    changed_file.write_text(changed_file.read_text(encoding="utf-8").split("\nUpdate:")[0], encoding="utf-8")
    print("  cold scan in 2 processes ...", file=sys.stderr, flush=True)
    two = run_child("scan", corpus=corpus, cache=work / f"cache2-{n}.sqlite", out=work / f"two-{n}", n_process=2)
    raw_wps = raw["words"] / raw["pipe_s"]
    return {
        "articles": n, "words": gen["words"], "raw": raw, "cold": cold, "warm": warm, "changed": changed, "two_processes": two,
        "raw_words_per_s": raw_wps,
        "cold_words_per_s": cold["words"] / cold["seconds"],
        "cold_vs_raw": cold["words"] / cold["seconds"] / raw_wps,
        "nlp_stage_vs_raw": cold["words"] / cold["stages"]["extract"] / raw_wps,
        "cold_vs_raw_cpu": raw["pipe_cpu_s"] / cold["cpu_s"],  # the same ratio by CPU time: steadier on a shared machine
        "warm_speedup": cold["seconds"] / warm["seconds"],
        "two_vs_one": cold["seconds"] / two["seconds"],
        "identical": {"warm": same_bytes(work / f"cold-{n}", work / f"warm-{n}"),
                      "two_processes": same_bytes(work / f"cold-{n}", work / f"two-{n}")},
    }


def scaling(runs: list[dict]) -> list[dict]:
    """Each stage's time ratio between consecutive sizes, against the size ratio (1.0 per 1.0 is linear)."""
    out = []
    for a, b in zip(runs, runs[1:]):
        row = {"from": a["articles"], "to": b["articles"], "size_ratio": b["articles"] / a["articles"]}
        for stage in STAGES:
            ta, tb = a["cold"]["stages"][stage], b["cold"]["stages"][stage]
            row[stage] = tb / ta if ta > 0 else None
        ta = sum(a["warm"]["stages"][s] for s in CORPUS_STAGES)
        tb = sum(b["warm"]["stages"][s] for s in CORPUS_STAGES)
        row["corpus_level"] = tb / ta
        out.append(row)
    return out


def table(report: dict) -> str:
    runs = report["runs"]
    head = f"{'':38}" + "".join(f"{r['articles']:>14,}" for r in runs)
    lines = ["", head, "-" * len(head)]

    def row(label, fn, fmt="{:>14.1f}"):
        lines.append(f"{label:38}" + "".join(fmt.format(fn(r)) for r in runs))

    row("words", lambda r: r["words"], "{:>14,}")
    row("raw nlp.pipe words/s", lambda r: r["raw_words_per_s"], "{:>14,.0f}")
    row("cold scan words/s (end to end)", lambda r: r["cold_words_per_s"], "{:>14,.0f}")
    row("  ratio to raw", lambda r: r["cold_vs_raw"], "{:>14.2f}")
    row("  by CPU time, ratio to raw", lambda r: r["cold_vs_raw_cpu"], "{:>14.2f}")
    row("  NLP stage alone, ratio to raw", lambda r: r["nlp_stage_vs_raw"], "{:>14.2f}")
    row("cold scan s", lambda r: r["cold"]["seconds"])
    for stage in STAGES:
        row(f"  {stage} s", lambda r, s=stage: r["cold"]["stages"][s], "{:>14.2f}")
    row("warm re-scan s", lambda r: r["warm"]["seconds"], "{:>14.2f}")
    row("  speed-up over cold", lambda r: r["warm_speedup"], "{:>13.1f}x")
    row("  model loads / articles re-processed", lambda r: f"{r['warm']['model_loads']} / {r['warm']['processed']}", "{:>14}")
    row("one article changed: re-processed", lambda r: r["changed"]["processed"], "{:>14}")
    row("  re-scan s", lambda r: r["changed"]["seconds"], "{:>14.2f}")
    row("2 processes s", lambda r: r["two_processes"]["seconds"])
    row("  speed-up over 1 process", lambda r: r["two_vs_one"], "{:>13.2f}x")
    row("peak memory MB: raw spaCy", lambda r: r["raw"]["peak_mb"], "{:>14.0f}")
    row("  cold scan", lambda r: r["cold"]["peak_mb"], "{:>14.0f}")
    row("  warm re-scan", lambda r: r["warm"]["peak_mb"], "{:>14.0f}")
    row("  2 processes: main / largest worker", lambda r: f"{r['two_processes']['peak_mb']:.0f} / {r['two_processes']['children_peak_mb']:.0f}", "{:>14}")
    row("claims / entities", lambda r: f"{r['cold']['claims']} / {r['cold']['entities']}", "{:>14}")
    row("contradictions / spelling variants", lambda r: f"{r['cold']['contradictions']} / {r['cold']['spelling_variants']}", "{:>14}")
    row("same bytes: warm, 2 processes", lambda r: f"{r['identical']['warm']}, {r['identical']['two_processes']}", "{:>14}")
    for s in report["scaling"]:
        lines += ["", f"growth from {s['from']:,} to {s['to']:,} articles (size x{s['size_ratio']:.1f}): time x"]
        lines.append("  " + ", ".join(f"{k} {s[k]:.1f}" for k in (*STAGES, "corpus_level") if s[k] is not None))
    nm = report["names"]
    lines += ["", f"name resolution: {nm['names']:,} distinct names in {nm['seconds']:.2f} s "
                  f"({nm['entities']:,} entities, {nm['merges']:,} merges)"]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="200,1000", help="comma-separated corpus sizes (articles)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--names", type=int, default=10_000, help="distinct names for the resolution micro-benchmark")
    ap.add_argument("--model", default=None, help="spaCy model (default: factcheck's)")
    ap.add_argument("--json", type=Path, default=ROOT / "reports" / "bench.json")
    ap.add_argument("--keep", type=Path, default=None, help="keep the corpora, caches and reports in this folder")
    ap.add_argument("--text-only", action="store_true", help="only the pathological-text cases")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child_main(args.child)
        return 0
    print("bench: pathological text", file=sys.stderr, flush=True)
    texts = [run_child("text", case=case) for case in pathological_texts()]
    print(text_table(texts))
    if args.text_only:
        return 0
    from factcheck.nlp import model_name

    model = model_name(args.model)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    work = args.keep or Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    runs = []
    try:
        for n in sizes:
            print(f"bench: {n} articles", file=sys.stderr, flush=True)
            runs.append(bench_size(n, work, args.seed, model))
        names = run_child("names", n=args.names, seed=args.seed)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    import spacy

    report = {"when": time.strftime("%Y-%m-%d %H:%M"), "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
              "spacy": spacy.__version__, "model": model}, "seed": args.seed, "runs": runs, "scaling": scaling(runs), "names": names,
              "pathological_text": texts}
    text = table(report) + "\n" + text_table(texts)
    print(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"\nwritten: {args.json}")
    ok = all(r["warm"]["model_loads"] == 0 and r["warm"]["processed"] == 0 and r["changed"]["processed"] == 1
             and all(r["identical"].values()) for r in runs)
    if not ok:
        print("bench: a check failed (warm scan loaded the model, re-processed too much, or outputs differ)", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
