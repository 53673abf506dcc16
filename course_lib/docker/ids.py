"""Random names the engine makes: container and network ids, veth names, image digests (seeded)."""
from __future__ import annotations

import hashlib
import random


def new_id(rng: random.Random) -> str:
    """A 64-hex-digit object id, as dockerd's stringid.GenerateRandomID."""
    while True:
        value = f"{rng.getrandbits(256):064x}"
        if not value[:12].isdigit():       # dockerd retries ids whose short form is all digits
            return value


def short(object_id: str) -> str:
    """The 12-character form `docker ps` shows."""
    return object_id[:12]


def veth_name(rng: random.Random) -> str:
    """A host-side veth name as libnetwork makes it: "veth" and 7 hex digits."""
    return "veth" + f"{rng.getrandbits(28):07x}"


def digest(text: str) -> str:
    """A stable sha256 digest for a name (image ids and digests of the catalogue)."""
    return hashlib.sha256(text.encode()).hexdigest()


NAMES_LEFT = ("admiring", "adoring", "affectionate", "agitated", "amazing", "angry", "awesome",
              "beautiful", "blissful", "bold", "boring", "brave", "busy", "charming", "clever",
              "compassionate", "competent", "condescending", "confident", "cool", "cranky", "crazy",
              "dazzling", "determined", "distracted", "dreamy", "eager", "ecstatic", "elastic",
              "elated", "elegant", "eloquent", "epic", "exciting", "fervent", "festive", "flamboyant",
              "focused", "friendly", "frosty", "funny", "gallant", "gifted", "goofy", "gracious",
              "great", "happy", "hardcore", "heuristic", "hopeful", "hungry", "infallible", "inspiring",
              "intelligent", "interesting", "jolly", "jovial", "keen", "kind", "laughing", "loving",
              "lucid", "magical", "modest", "musing", "mystifying", "naughty", "nervous", "nice",
              "nifty", "nostalgic", "objective", "optimistic", "peaceful", "pedantic", "pensive",
              "practical", "priceless", "quirky", "quizzical", "recursing", "relaxed", "reverent",
              "romantic", "sad", "serene", "sharp", "silly", "sleepy", "stoic", "strange", "stupefied",
              "suspicious", "sweet", "tender", "thirsty", "trusting", "unruffled", "upbeat", "vibrant",
              "vigilant", "vigorous", "wizardly", "wonderful", "xenodochial", "youthful", "zealous",
              "zen")
NAMES_RIGHT = ("agnesi", "albattani", "allen", "archimedes", "ardinghelli", "babbage", "banach",
               "bardeen", "bartik", "bassi", "bell", "benz", "bhabha", "bohr", "booth", "borg",
               "bose", "brahmagupta", "brown", "burnell", "cannon", "carson", "cerf", "chandrasekhar",
               "clarke", "colden", "cori", "curie", "darwin", "davinci", "dijkstra", "dirac", "easley",
               "einstein", "elion", "engelbart", "euclid", "euler", "faraday", "fermat", "fermi",
               "feynman", "franklin", "galileo", "gates", "goldberg", "goodall", "hamilton", "hawking",
               "heisenberg", "hertz", "hodgkin", "hopper", "hypatia", "jackson", "jang", "jennings",
               "johnson", "kalam", "kepler", "khorana", "knuth", "lalande", "lamarr", "leakey",
               "lovelace", "lumiere", "mayer", "mccarthy", "mcclintock", "meitner", "mendel",
               "merkle", "mirzakhani", "montalcini", "moore", "morse", "napier", "nash", "newton",
               "nobel", "noether", "pascal", "pasteur", "perlman", "pike", "poincare", "ptolemy",
               "raman", "ramanujan", "ritchie", "rosalind", "sammet", "shannon", "shockley",
               "sinoussi", "stonebraker", "swartz", "tesla", "thompson", "torvalds", "turing",
               "varahamihira", "villani", "wilbur", "wiles", "williams", "wing", "wozniak", "wright",
               "yalow", "yonath")


def container_name(rng: random.Random, taken: set[str]) -> str:
    """A random "adjective_scientist" name like dockerd's namesgenerator."""
    while True:
        name = f"{rng.choice(NAMES_LEFT)}_{rng.choice(NAMES_RIGHT)}"
        if name not in taken and name != "boring_wozniak":   # as namesgenerator: Steve Wozniak is not boring
            return name
