"""A synthetic archive for scale tests: the layout and registries of content/, forums across
regions and clusters, meetings over years with 8-12 items of realistic length, people and
agreements recurring with a skewed (Zipf-like) frequency, closed items, month-precise
dates. Text comes from a word-level Markov chain trained on the real minutes in content/
plus vocabulary beyond them. Deterministic for a given seed."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import defaultdict
from pathlib import Path

import yaml

from .loader import load_meetings
from .slugs import make_slug

REGIONS = {
    "Nordjylland": ["Aalborg", "Brønderslev", "Frederikshavn", "Hjørring", "Jammerbugt", "Læsø", "Mariagerfjord",
                    "Morsø", "Rebild", "Thisted", "Vesthimmerland"],
    "Midtjylland": ["Aarhus", "Favrskov", "Hedensted", "Herning", "Holstebro", "Horsens", "Ikast-Brande", "Lemvig",
                    "Norddjurs", "Odder", "Randers", "Ringkøbing-Skjern", "Silkeborg", "Skanderborg", "Skive",
                    "Struer", "Syddjurs", "Viborg"],
    "Syddanmark": ["Assens", "Billund", "Esbjerg", "Fanø", "Fredericia", "Faaborg-Midtfyn", "Haderslev",
                   "Kerteminde", "Kolding", "Langeland", "Middelfart", "Nordfyns", "Nyborg", "Odense", "Svendborg",
                   "Sønderborg", "Tønder", "Varde", "Vejen", "Vejle", "Ærø", "Aabenraa"],
    "Sjælland": ["Faxe", "Greve", "Guldborgsund", "Holbæk", "Kalundborg", "Køge", "Lejre", "Lolland", "Næstved",
                 "Odsherred", "Ringsted", "Roskilde", "Slagelse", "Solrød", "Sorø", "Stevns", "Vordingborg"],
    "Hovedstaden": ["Albertslund", "Allerød", "Ballerup", "Bornholm", "Brøndby", "Dragør", "Egedal", "Fredensborg",
                    "Frederiksberg", "Frederikssund", "Furesø", "Gentofte", "Gladsaxe", "Glostrup", "Gribskov",
                    "Halsnæs", "Helsingør", "Herlev", "Hillerød", "Hvidovre", "Høje-Taastrup", "Hørsholm",
                    "Ishøj", "København", "Lyngby-Taarbæk", "Rudersdal", "Rødovre", "Tårnby", "Vallensbæk"],
}
CLUSTERS = ["Nord", "Syd", "Midt", "Vest"]
KINDS = ["Klyngestyregruppe", "Driftsforum Voksenpsykiatri", "Driftsforum VoksenSomatik", "Chefforum",
         "Direktørforum", "Politisk Klynge"]
FIRST = ["Anne", "Anders", "Bente", "Birgitte", "Camilla", "Carsten", "Charlotte", "Christian", "Dorte", "Erik",
         "Eva", "Frank", "Grethe", "Hanne", "Helle", "Henrik", "Inge", "Jan", "Jens", "Jette", "Karen", "Kim",
         "Kirsten", "Lars", "Lene", "Lise", "Lone", "Louise", "Maj", "Malene", "Mette", "Michael", "Mikkel", "Niels",
         "Ole", "Peter", "Pia", "Rikke", "Rasmus", "Susanne", "Søren", "Thomas", "Tina", "Tine", "Torben", "Ulla"]
MIDDLE = ["", "", "", "Kjær", "Holt", "Bech", "Møller", "Rosendal", "Skjold", "Lund", "Bak", "Krog"]
LAST = ["Andersen", "Bertelsen", "Christensen", "Dall", "Fink", "Gregersen", "Hansen", "Iversen", "Jensen",
        "Jørgensen", "Kristensen", "Larsen", "Lauridsen", "Madsen", "Mainz", "Mortensen", "Nielsen", "Nybo",
        "Olesen", "Pedersen", "Poulsen", "Rasmussen", "Skårhøj", "Sørensen", "Thomsen", "Toft", "Vestergaard"]
TITLES = ["Direktør", "Sundhedschef", "Centerchef", "Klinikchef", "Vicedirektør", "Afdelingsleder",
          "Specialkonsulent", "Konsulent", "Praksiskonsulent", "Ledende overlæge", "Chefkonsulent", "Kontorchef"]
TOPICS = ["indlæggelse og udskrivning", "genoptræning", "hjælpemidler", "palliation", "demens", "diabetes",
          "KOL", "hjertesygdom", "kræftforløb", "rehabilitering", "medicinhåndtering", "ernæring", "faldforebyggelse",
          "svangreomsorg", "børn og unge med sindslidelse", "misbrug og sindslidelse", "tobaksforebyggelse",
          "akutte forløb", "telemedicin", "sårbehandling", "tandpleje", "hjemmesygepleje", "sundhedsplejen",
          "vaccination", "infektionshygiejne", "udredning af autisme", "selvmordsforebyggelse", "smertebehandling",
          "lungesygdom", "apopleksi", "overvægt hos børn", "multisygdom", "ældre medicinske patienter"]
EXTRA_WORDS = ("kommunerne regionen hospitalet almen praksis borgerne patienterne pårørende arbejdsgruppen "
               "kapacitet ventetid sammenhæng forløb overgange data ledelsesinformation evaluering implementering "
               "kompetenceudvikling tværsektoriel koordinering opfølgning handleplan prioritering økonomi "
               "bemanding visitation henvisning udskrivning indlæggelse genindlæggelser forebyggelse lighed "
               "sundhedshuse nærhospital digitalisering kvalitet patientsikkerhed dokumentation").split()
ITEM_TITLES = ["Status på {t}", "Opfølgning på {t}", "Drøftelse af {t}", "Orientering om {t}",
               "Revision af samarbejdsaftalen om {t}", "Handleplan for {t}", "Evaluering af indsatsen for {t}",
               "Godkendelse af kommissorium for {t}", "Data om {t}", "Implementering af forløbsprogram for {t}"]


class MarkovText:
    """Word bigram chain over the real minutes: Danish that reads like minutes."""

    def __init__(self, texts: list[str], rng: random.Random):
        self.rng = rng
        self.next: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.starts: list[tuple[str, str]] = []
        for text in texts:
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                ws = [w for w in re.findall(r"[\wæøåÆØÅ\-]+[.,]?", sentence)]
                if len(ws) < 4:
                    continue
                self.starts.append((ws[0], ws[1]))
                for a, b, c in zip(ws, ws[1:], ws[2:], strict=False):  # word triples
                    self.next[(a, b)].append(c)
        if not self.starts:  # no real minutes to learn from: a plain word list
            self.starts = [("Der", "er")]

    def sentence(self, extra: list[str]) -> str:
        a, b = self.rng.choice(self.starts)
        out = [a, b]
        while len(out) < 40:
            options = self.next.get((a, b))
            if not options or (len(out) > 8 and self.rng.random() < 0.08):
                break
            c = self.rng.choice(options)
            if self.rng.random() < 0.05:
                c = self.rng.choice(extra)
            out.append(c)
            a, b = b, c
            if c.endswith("."):
                break
        text = " ".join(out).rstrip(",")
        return text if text.endswith(".") else text + "."

    def paragraph(self, words: int, extra: list[str], mentions: list[str]) -> str:
        out, count = [], 0
        while count < words:
            sentence = self.sentence(extra)
            if mentions and self.rng.random() < 0.25:
                sentence = sentence[:-1] + f" om {self.rng.choice(mentions)}."
            out.append(sentence)
            count += len(sentence.split())
        return " ".join(out)


def _recommendation(sentence: str) -> str:
    words = re.sub(r"^[^\wæøåÆØÅ]+", "", sentence)
    return "At " + words[:1].lower() + words[1:] if words else "At punktet drøftes."


def _zipf_pick(rng: random.Random, items: list, s: float = 1.1):
    weights = [1 / (n + 1) ** s for n in range(len(items))]
    return rng.choices(items, weights=weights, k=1)[0]


def _dump(path: Path, front: dict, body: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n"
    path.write_text(text + body, encoding="utf-8")


def synthesize(out: Path, meetings: int, seed: int = 1, source: Path | None = None) -> dict:
    """Write a synthetic content folder to `out`; returns counts."""
    rng = random.Random(seed)
    real = load_meetings(source, []) if source and (source / "meetings").is_dir() else []
    texts = [t for m in real for i in m.items for t in i.texts()]
    chain = MarkovText([re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", t) for t in texts], rng)

    regions = list(REGIONS)[: max(1, min(5, meetings // 1000 + 1))]
    organisations = {"region-" + make_slug(r): f"Region {r}" for r in regions}
    for r in regions:
        for town in REGIONS[r]:
            organisations[make_slug(f"{town} Kommune")] = f"{town} Kommune"
    for oid, name in organisations.items():
        kind = "region" if oid.startswith("region-") else "kommune"
        _dump(out / "organisations" / f"{oid}.md", {"name": name, "kind": kind, "aliases": []})

    forums = []
    for r in regions:
        for cluster in CLUSTERS:
            for kind in KINDS:
                name = f"{kind}, Klynge {cluster} ({r})"
                fid = make_slug(f"{kind} {cluster} {r}")
                forums.append((fid, r))
                _dump(out / "forums" / f"{fid}.md", {"name": name, "cluster": f"Klynge {cluster}, {r}", "kind": kind, "aliases": []},
                      f"{kind} i Klynge {cluster}, Region {r}. Syntetisk forum til skalatest.\n")

    people = []
    used = set()
    for n in range(max(40, meetings // 4)):
        name = " ".join(w for w in (rng.choice(FIRST), rng.choice(MIDDLE), rng.choice(LAST)) if w)
        pid = make_slug(name)
        if pid in used:
            name, pid = f"{name} {n}", f"{pid}-{n}"
        used.add(pid)
        aliases = [name.replace("Maj", "Mai")] if "Maj" in name else []
        people.append((pid, name))
        _dump(out / "people" / f"{pid}.md", {"name": name, "aliases": aliases})

    agreements = []
    for n, topic in enumerate(TOPICS * 2):
        variant = "" if n < len(TOPICS) else " (lokal)"
        aid = make_slug(f"{topic}{variant}")
        name = f"Samarbejdsaftale om {topic}{variant}"
        agreements.append((aid, name))
        alias = f"{topic.capitalize()}saftalen{variant}" if " " not in topic else f"Aftalen om {topic}{variant}"
        _dump(out / "agreements" / f"{aid}.md", {"name": name, "aliases": [alias],
                                                 "category": rng.choice(["Behandling og pleje", "Genoptræning og rehabilitering",
                                                                         "Forebyggelse", "Lokale aftaler"]),
                                                 "status": "gældende"})

    members = {fid: rng.sample(people, min(len(people), 14)) for fid, _ in forums}
    start = dt.date(2015, 1, 5)
    days = (dt.date(2025, 12, 15) - start).days
    dates_used = set()
    total_items = 0
    for n in range(meetings):
        fid, region = _zipf_pick(rng, forums, 0.3)
        day = start + dt.timedelta(days=rng.randrange(days))
        month_only = rng.random() < 0.05
        key = f"{day.year:04d}-{day.month:02d}" if month_only else day.isoformat()
        while (fid, key) in dates_used:  # one meeting a day per forum: move to the next free day
            day += dt.timedelta(days=1)
            key, month_only = day.isoformat(), False
        dates_used.add((fid, key))
        towns = [t for t in REGIONS[region]]
        front: dict = {"forum": fid, "date": key, "time": rng.choice(["9:00-11:00", "13:00-15:00", "14:30-16:30"]),
                       "place": rng.choice(["Teams", "Online", "Regionshuset", f"{rng.choice(towns)} Rådhus"])}
        participants = []
        for pid, _ in members[fid][: rng.randint(6, 14)]:
            entry = {"person": pid, "title": rng.choice(TITLES),
                     "organisation": make_slug(f"{rng.choice(towns)} Kommune")}
            roll = rng.random()
            if roll < 0.12:
                entry["status"] = "absent"
            elif roll < 0.17:
                entry["status"] = "secretary"
            participants.append(entry)
        front["participants"] = participants
        front["source"] = {"title": f"Syntetisk referat {n + 1}"}
        if month_only:
            front["inferred"] = {"date": "Syntetisk: dagen er ikke angivet"}
        items = []
        count = rng.randint(8, 12)
        closed = {}
        for number in range(1, count + 1):
            aid, aname = _zipf_pick(rng, agreements)
            topic = aname.removeprefix("Samarbejdsaftale om ")
            pid, pname = _zipf_pick(rng, people, 0.8)
            title = rng.choice(ITEM_TITLES).format(t=topic) + (f" ved {pname}" if rng.random() < 0.3 else "")
            mentions = [aname, pname, f"{rng.choice(towns)} Kommune"]
            extra = EXTRA_WORDS + [t.lower() for t in towns]
            body = [f"## {number}. {title}", "", chain.paragraph(rng.randint(40, 70), extra, mentions), "",
                    "### Indstilling", "", _recommendation(chain.sentence(extra)), "",
                    "### Beslutning", "", chain.paragraph(rng.randint(30, 60), extra, mentions), ""]
            if rng.random() < 0.2:
                body += ["### Bilag", "", f"- {rng.choice(['Notat', 'Status', 'Data', 'Kommissorium'])} om {topic}", ""]
            items.append("\n".join(body))
            if rng.random() < 0.03:
                closed[str(number)] = rng.choice(["Personsag", "Kontraktforhold", "Enkeltsag"])
        if closed:
            front["closed"] = closed
        total_items += count
        _dump(out / "meetings" / fid / f"{key}.md", front, "\n" + "\n".join(items))
    return {"meetings": meetings, "items": total_items, "forums": len(forums), "people": len(people),
            "agreements": len(agreements), "organisations": len(organisations)}
