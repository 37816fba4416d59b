"""The words of infobox figures, as tables: each phrasing a row, not a branch.

``quantities.py`` reads figures with these tables and nothing else decides what a
word means. The rows were collected from real Strength and Casualties values of
Wikipedia battle infoboxes (``tests/data/phrasings.tsv`` holds them with their
pages); a new phrasing met in the wild is a new row here and a new line there.
"""

from __future__ import annotations

from typing import Final

# ---------------------------------------------------------------------------
# Bounds: the words before a number that say which side of it the truth lies.

LOWER: Final = "lower"  # the figure is a minimum: "more than 5,000", "5,000+"
UPPER: Final = "upper"  # the figure is a maximum: "less than 1,000"
APPROX: Final = "approx"  # the figure is about right: "c. 3,000"

BOUND_PHRASES: Final[dict[str, str]] = {
    # a maximum
    "no more than": UPPER,
    "not more than": UPPER,
    "no greater than": UPPER,
    "a maximum of": UPPER,
    "maximum of": UPPER,
    "max.": UPPER,
    "at most": UPPER,
    "up to": UPPER,
    "upto": UPPER,
    "as high as": UPPER,
    "as many as": UPPER,
    "less than": UPPER,
    "fewer than": UPPER,
    "under": UPPER,
    "below": UPPER,
    "not exceeding": UPPER,
    "<": UPPER,
    "≤": UPPER,
    "<=": UPPER,
    # a minimum
    "more than": LOWER,
    "over": LOWER,
    "at least": LOWER,
    "upwards of": LOWER,
    "upward of": LOWER,
    "in excess of": LOWER,
    "above": LOWER,
    "no fewer than": LOWER,
    "no less than": LOWER,
    "not less than": LOWER,
    "not fewer than": LOWER,
    "a minimum of": LOWER,
    "minimum of": LOWER,
    "min.": LOWER,
    "greater than": LOWER,
    "well over": LOWER,
    ">": LOWER,
    "≥": LOWER,
    ">=": LOWER,
    # about right
    "about": APPROX,
    "around": APPROX,
    "approximately": APPROX,
    "approx.": APPROX,
    "approx": APPROX,
    "appr.": APPROX,
    "c.": APPROX,
    "ca.": APPROX,
    "c": APPROX,
    "ca": APPROX,
    "circa": APPROX,
    "~": APPROX,
    "≈": APPROX,
    "±": APPROX,
    "roughly": APPROX,
    "some": APPROX,
    "nearly": APPROX,
    "almost": APPROX,
    "close to": APPROX,
    "an estimated": APPROX,
    "estimated": APPROX,
    "est.": APPROX,
}

#: Words that join two numbers into one range ("5,000–8,000", "3 to 5 thousand").
RANGE_JOINERS: Final[frozenset[str]] = frozenset({"–", "—", "−", "-", "‒", "―", "to", "or", "till", "/"})
#: "and" joins a range only after "between": "between 3 and 5 thousand".
BETWEEN: Final = "between"
#: Words that say the figure after them is part of the figure before ("of whom 6,000 …").
SUBSET_PHRASES: Final[tuple[str, ...]] = (
    "of whom",
    "of which",
    "of these",
    "of them",
    "including",
    "incl.",
    "among them",
    "among whom",
    "amongst them",
    "with",  # "12 ships with 700 sailors" is not a subset: see CONNECTORS
)
#: Words that join two figures of one item without a comma ("12 ships with 700 sailors").
CONNECTORS: Final[frozenset[str]] = frozenset({"with", "and", "plus", "&", "+", "as well as", "along with"})

# ---------------------------------------------------------------------------
# Numbers written as words, and the multipliers after a number.

MULTIPLIERS: Final[dict[str, int]] = {
    "hundred": 100,
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "mil": 1_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "billion": 1_000_000_000,
    "lakh": 100_000,
    "lakhs": 100_000,
    "lac": 100_000,
    "crore": 10_000_000,
    "crores": 10_000_000,
    "myriad": 10_000,
}
#: Multipliers that only count glued to a number ("20k"), never as a word after it.
GLUED_ONLY_MULTIPLIERS: Final[frozenset[str]] = frozenset({"k", "m", "mn"})

NUMBER_WORDS: Final[dict[str, int]] = {
    "zero": 0,
    "one": 1,
    "a single": 1,
    "single": 1,
    "two": 2,
    "a couple of": 2,
    "a pair of": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a dozen": 12,
    "dozen": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "a score of": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a hundred": 100,
    "one hundred": 100,
    "hundred": 100,
    "a thousand": 1_000,
    "one thousand": 1_000,
    "a million": 1_000_000,
    "one million": 1_000_000,
    "both": 2,
}
#: Words that give an order of magnitude but no bound: "several thousand", "hundreds".
VAGUE_AMOUNTS: Final[frozenset[str]] = frozenset(
    {
        "several",
        "a few",
        "few",
        "many",
        "some",
        "numerous",
        "hundreds",
        "thousands",
        "tens of thousands",
        "hundreds of thousands",
        "millions",
        "dozens",
        "scores",
        "countless",
        "untold",
    }
)
#: Animals, counted as equipment in a strength; killed or captured they are no people's losses.
ANIMALS: Final[frozenset[str]] = frozenset(
    {"horse", "warhorse", "steed", "camel", "elephant", "war elephant", "mule", "ox", "oxen", "cattle", "cow",
     "bullock", "donkey", "sheep", "goat", "livestock", "pack animal", "animal"}
)  # fmt: skip
#: Qualitative amounts ("Heavy", "Entire garrison"): a figure with no bounds.
QUALITATIVE_WORDS: Final[frozenset[str]] = frozenset(
    {
        "many",
        "several",
        "few",
        "numerous",
        "some",
        "heavy",
        "light",
        "all",
        "most",
        "entire",
        "whole",
        "minimal",
        "minor",
        "moderate",
        "significant",
        "substantial",
        "considerable",
        "high",
        "low",
        "unknown",
        "negligible",
        "severe",
        "massive",
        "large",
        "small",
        "total",
        "complete",
    }
)

#: Whole values that say there is no figure at all.
UNKNOWN_VALUES: Final[frozenset[str]] = frozenset(
    {"unknown", "unk", "unk.", "?", "??", "???", "n/a", "na", "not known", "uncertain", "unclear", "—", "-", "–", "tba"}
)
#: Whole values that mean zero.
ZERO_VALUES: Final[frozenset[str]] = frozenset(
    {"none", "nil", "zero", "no casualties", "no losses", "no loss", "no deaths", "no one", "nobody", "no dead"}
)
#: "no" before a noun means zero of it: "no ships lost", "No artillery", "no ships of the line".
ZERO_DETERMINERS: Final[frozenset[str]] = frozenset({"no", "zero", "nil"})

# ---------------------------------------------------------------------------
# Casualty kinds: what happened to what was counted.

#: word or phrase → kind; the kind decides the category for people, and for ships.
KIND_PHRASES: Final[dict[str, str]] = {
    "killed in action": "killed",
    "killed in battle": "killed",
    "killed": "killed",
    "kia": "killed",
    "k.i.a.": "killed",
    "slain": "killed",
    "dead": "dead",
    "died": "dead",
    "deaths": "dead",
    "death": "dead",
    "fatalities": "dead",
    "fatality": "dead",
    "executed": "dead",
    "beheaded": "dead",
    "hanged": "dead",
    "slaughtered": "dead",
    "put to death": "dead",
    "put to the sword": "dead",
    "massacred": "dead",
    "drowned": "dead",
    "heads": "dead",
    "died of wounds": "dead",
    "died of disease": "dead",
    "died from disease": "dead",
    "died of illness": "dead",
    "wounded": "wounded",
    "injured": "wounded",
    "wia": "wounded",
    "w.i.a.": "wounded",
    "injuries": "wounded",
    "captured": "captured",
    "prisoners": "captured",
    "prisoner": "captured",
    "prisoners of war": "captured",
    "pows": "captured",
    "pow": "captured",
    "taken prisoner": "captured",
    "surrendered": "captured",
    "captives": "captured",
    "taken": "captured",
    "captures": "captured",
    "missing": "missing",
    "mia": "missing",
    "missing in action": "missing",
    "deserted": "deserted",
    "desertions": "deserted",
    "deserters": "deserted",
    "defected": "defected",
    "defections": "defected",
    "destroyed": "destroyed",
    "burned": "destroyed",
    "burnt": "destroyed",
    "wrecked": "destroyed",
    "damaged": "damaged",
    "damage": "damaged",
    "crippled": "damaged",
    "crashed": "lost",
    "disabled": "damaged",
    "sunk": "sunk",
    "sank": "sunk",
    "scuttled": "scuttled",
    "abandoned": "abandoned",
    "left behind": "abandoned",
    "grounded": "grounded",
    "ran aground": "grounded",
    "run aground": "grounded",
    "beached": "grounded",
    "disarmed": "disarmed",
    "interned": "disarmed",
    "lost": "lost",
    "shot down": "lost",
    "downed": "lost",
    "breached": "destroyed",
    "razed": "destroyed",
    "escaped": "escaped",
    "freed": "escaped",
    "liberated": "escaped",
    "rescued": "escaped",
    "survived": "survived",  # "~2,000 survived and retreated": not a loss
    "evacuated": "evacuated",
    "evacuated sick": "evacuated",
    "sick": "wounded",
    "enslaved": "captured",
    "deported": "captured",
    "hurt": "wounded",
    "bodies": "dead",
    "bodies counted": "dead",
    "corpses": "dead",
    "losses": "total",
    "loss": "total",
    "casualties": "total",
    "casualty": "total",
    "total": "total",
}
#: The category of a figure about people, by the classes of its kinds.
PERSONNEL_KINDS: Final[dict[str, str]] = {
    "killed": "Killed",
    "dead": "Killed",
    "wounded": "Wounded",
    "captured": "Captured",
    "missing": "CasualtiesUnspecified",
    "total": "CasualtiesUnspecified",
    "lost": "CasualtiesUnspecified",
    "deserted": "OtherQuantity",
    "defected": "OtherQuantity",
    "escaped": "OtherQuantity",
    "survived": "OtherQuantity",
    "evacuated": "OtherQuantity",
}
#: Kinds that only people suffer: "1,243 navy killed" counts men whatever noun comes first.
PEOPLE_ONLY_KINDS: Final[frozenset[str]] = frozenset(
    {"killed", "dead", "wounded", "missing", "deserted", "defected", "escaped", "survived", "evacuated"}
)
#: What happened to ships, and the category it puts them in.
VESSEL_KINDS: Final[dict[str, str]] = {
    "damaged": "ShipsDamaged",
    "disarmed": "OtherQuantity",
}
#: Kinds that befall things rather than people ("27 tanks damaged", "4 left behind").
MATERIEL_KINDS: Final[frozenset[str]] = frozenset(
    {"damaged", "sunk", "destroyed", "scuttled", "abandoned", "lost", "grounded", "disarmed", "captured"}
)

# ---------------------------------------------------------------------------
# Units: the counted noun's head decides the category.

VESSEL: Final = "vessel"
EQUIPMENT: Final = "equipment"
PERSONNEL: Final = "personnel"
FORMATION: Final = "formation"  # brigades, battalions: counts of units, not of men
OTHER: Final = "other"

#: Singular head nouns → class. A compound takes the class of its head:
#: "supply ships" are ships, "horse-carriers" carriers, "brig-sloops" sloops.
UNIT_CLASSES: Final[dict[str, str]] = {
    **dict.fromkeys(
        (
            "ship", "vessel", "boat", "junk", "warship", "frigate", "sloop", "sloop-of-war", "brig", "brigantine",
            "schooner", "galley", "galleon", "galliot", "galleass", "caravel", "carrack", "cog", "dhow", "trireme",
            "bireme", "quinquereme", "longship", "felucca", "xebec", "ketch", "yacht", "gunboat", "cruiser",
            "battlecruiser", "ironclad", "battleship", "dreadnought", "destroyer", "submarine", "u-boat", "corvette",
            "monitor", "sampan", "barge", "steamer", "steamboat", "steamship", "fireship", "warjunk", "transport",
            "carrier", "torpedo-boat", "minesweeper", "minelayer", "gunship", "man-of-war", "ship-of-the-line",
            "panokseon", "geobukseon", "atakebune", "sekibune", "kobaya", "hulk", "lorcha", "praam", "xebec",
            "canoe", "raft", "pinnace", "cutter", "lugger", "tender", "tanker", "freighter", "liner", "launch",
            "landing craft", "craft", "escort", "frigate-of-war", "bomb-ketch", "bomb vessel", "fluyt", "pink",
            "polacca", "tartane", "bark", "barque", "ship-sloop", "brig-sloop", "gun-brig", "privateer",
            "merchantman", "indiaman", "east indiaman", "flagship", "battleship", "seaplane tender",
            "torpedo boat", "patrol boat", "gunboats", "warjunks", "drakkar", "dromon", "chelandion", "galea",
            "kobaya", "sekibune", "hoy", "snow", "packet", "prize", "lst", "lci", "lsm", "aviso", "radeau",
            "gundalow", "gondola", "row galley", "tug", "harbor tug", "harbour tug", "panzerschiff", "bomb",
            "bomb ship", "floating battery", "ship-rigged", "q-ship", "armed merchant cruiser", "auxiliary cruiser",
            "seaplane carrier", "aircraft carrier", "escort carrier", "destroyer escort", "frigates", "corvette",
            "dispatch boat", "whaleboat", "bateau", "longboat", "xebecs", "chebeck", "shebeck", "navio", "nau",
            "jong", "prahu", "proa", "kora kora", "junk ship", "turtle ship", "tekkosen", "mokkosen", "ship's boat",
            "submarine chaser", "subchaser", "chaser", "tugboat", "storeship", "settee", "troopship", "speedboat",
            "collier", "hospital ship", "hulk", "fire ship", "bomb ketch", "galiot", "fusta", "fuste", "galeota",
            "bergantin", "kadırga", "kadirga", "mavna", "karamursel", "tartana", "jet boat",
        ),
        VESSEL,
    ),
    **dict.fromkeys(
        (
            "gun", "cannon", "artillery", "artillery piece", "piece", "field piece", "fieldpiece", "mortar",
            "howitzer", "tank", "aircraft", "airplane", "aeroplane", "plane", "fighter plane", "bomber", "fighter jet",
            "helicopter", "drone", "vehicle", "truck", "lorry", "apc", "armoured car", "armored car", "jeep",
            "machine gun", "machine-gun", "rocket", "missile", "launcher", "catapult", "trebuchet", "mangonel",
            "ballista", "onager", "siege engine", "siege tower", "battering ram", "chariot", "wagon", "cart",
            "hwacha", "bombard", "culverin", "falconet", "swivel", "swivel gun", "musket", "arquebus", "harquebus",
            "rifle", "firearm", "weapon", "bow", "crossbow", "spear", "sword", "battery", "horse", "elephant",
            "war elephant", "camel", "mule", "ox", "oxen", "warhorse", "steed", "locomotive", "train", "armoured train",
            "armored train", "gunner's piece", "carronade", "pounder", "field gun", "anti-tank gun", "flak",
            "airship", "zeppelin", "balloon", "glider", "transport aircraft", "seaplane", "flying boat",
            "floatplane", "harquebus", "zamburak", "camel gun", "stone thrower", "stone-thrower", "kamikaze",
            "horses", "mortar", "gun battery", "ifv", "afv", "spg", "halftrack", "half-track", "armoured vehicle",
            "armored vehicle", "fighter aircraft", "fighter-bomber", "interceptor", "gunship helicopter",
            "harrier", "sea harrier", "sabre", "gnat", "mig", "phantom", "spitfire", "hurricane", "messerschmitt",
            "stuka", "mustang", "thunderbolt", "hellcat", "wildcat", "sherman", "centurion", "patton",
            "chaffee", "t-34", "panzer", "tiger", "panther", "stuart", "cromwell", "matilda", "amx", "leopard",
            "abrams", "humvee", "jet", "jet fighter", "fighter jet", "personnel carrier", "troop carrier", "cattle",
            "cow", "bullock", "livestock", "donkey", "sheep", "goat",
        ),
        EQUIPMENT,
    ),
    **dict.fromkeys(
        (
            "man", "men", "soldier", "troop", "sailor", "seaman", "marine", "mariner", "cavalry", "cavalryman",
            "horseman", "rider", "infantry", "infantryman", "footman", "archer", "bowman", "crossbowman", "musketeer",
            "arquebusier", "pikeman", "spearman", "knight", "man-at-arms", "men-at-arms", "samurai", "ashigaru",
            "warrior", "fighter", "combatant", "irregular", "militia", "militiaman", "regular", "guerrilla", "partisan",
            "rebel", "insurgent", "monk", "warrior monk", "volunteer", "conscript", "recruit", "mercenary",
            "auxiliary", "levy", "retainer", "personnel", "crew", "crewman", "airman", "pilot", "officer", "general",
            "commander", "gunner", "artilleryman", "engineer", "sapper", "dragoon", "hussar", "lancer", "cuirassier",
            "grenadier", "fusilier", "rifleman", "ranger", "scout", "sepoy", "janissary", "sipahi", "mamluk",
            "legionary", "legionnaire", "hoplite", "peltast", "civilian", "people", "person", "inhabitant", "citizen",
            "villager", "townspeople", "noncombatant", "non-combatant", "refugee", "prisoner", "slave", "serf",
            "peasant", "tribesman", "clansman", "native", "garrison", "defender", "attacker", "besieger", "force",
            "army", "navy", "paratrooper", "commando", "policeman", "police", "gendarme", "guard", "bodyguard",
            "chetnik", "cossack", "tatar", "zouave", "highlander", "yeoman", "hunter", "ronin", "bannerman",
            "strelets", "streltsy", "impi", "regulars", "staff", "doctor", "nurse", "worker", "labourer", "laborer",
            "porter", "coolie", "servant", "follower", "camp follower", "effective", "effectives", "horse", "foot",
            "man-at-arm", "spearman", "swordsman", "slinger", "javelinman", "berserker", "turcopole", "sergeant",
            "lancer", "ghazi", "mujahideen", "mujahid", "fedayeen", "jihadist", "soldier-monk", "sohei", "bandit",
            "pirate", "raider", "marauder", "corsair crew", "settler", "colonist", "loyalist", "patriot", "royalist",
            "parliamentarian", "confederate", "unionist", "yankee", "redcoat", "minuteman", "corsair", "crusader",
            "national guardsman", "guardsman", "reservist", "trooper", "private", "recruit", "draftee", "slave",
            "hostage", "hijacker", "terrorist", "militant", "gunman", "policeman",
        ),
        PERSONNEL,
    ),
    **dict.fromkeys(
        (
            "brigade", "battalion", "division", "regiment", "company", "squadron", "corps", "platoon", "legion",
            "cohort", "century", "wing", "flight", "group", "detachment", "column", "tercio", "banner unit",
            "ala", "alae", "akshauhini", "army corps", "field army", "army group", "brigade group", "task force",
            "battery unit",
        ),
        FORMATION,
    ),
    **dict.fromkeys(
        (
            "fort", "fortification", "fortress", "castle", "stronghold", "redoubt", "blockhouse", "bunker",
            "pillbox", "home", "house", "building", "village", "town", "city", "temple", "granary", "household",
            "family", "hut", "warehouse", "banner", "standard", "flag", "colour", "color", "eagle", "ton", "tonne",
            "grt", "brt", "supply", "provision", "round", "shell", "ammunition", "pound", "kilogram", "mile",
            "kilometre", "kilometer", "acre", "hectare", "square mile", "coin", "tael", "ducat", "florin", "dollar",
            "livre", "gold", "silver", "lb", "lbs", "broadside", "dam", "bridge", "standard", "gun emplacement",
            "sortie", "mission", "combat mission",
        ),
        OTHER,
    ),
}  # fmt: skip
#: Compound heads that are not the last word: "ships of the line", "men-of-war".
HEAD_BEFORE: Final[tuple[str, ...]] = ("of the line", "of war", "of-the-line", "of-war")
#: Kinds of fort and battery count as equipment in a strength, as guns do.
STRENGTH_CATEGORY: Final[dict[str, str]] = {
    VESSEL: "Ships",
    EQUIPMENT: "Equipment",
    PERSONNEL: "Personnel",
    FORMATION: "Personnel",
    OTHER: "OtherQuantity",
}
#: Structures count as equipment in a strength ("6 forts", "4 shore batteries"), as the dev corpus writes them.
STRENGTH_STRUCTURES: Final[frozenset[str]] = frozenset(
    {"fort", "fortification", "fortress", "castle", "stronghold", "redoubt", "blockhouse", "bunker", "pillbox"}
)
#: Nouns of losses that are not people or ships: "15 tank losses" counts tanks, not losses.
LOSS_NOUNS: Final[frozenset[str]] = frozenset({"loss", "losses", "casualty", "casualties"})

#: Unit words that stay singular when the unit is made plural.
UNCOUNTABLE: Final[frozenset[str]] = frozenset(
    {
        "samurai", "ashigaru", "militia", "cattle", "livestock", "sheep", "children", "personnel", "police", "garrison",
        "army", "crew", "cavalry", "infantry",
        "artillery", "people", "aircraft", "staff", "impi", "navy", "sepoy", "ronin", "streltsy", "dead",
        "wounded", "missing", "killed", "captured", "french", "english", "spanish", "dutch", "chinese", "japanese",
        "portuguese", "swiss", "irish", "scots", "welsh", "british", "danish", "swedish", "polish", "turkish",
        "vietnamese", "burmese", "siamese", "korean", "imperial", "horse", "foot",  # "3,000 horse and 5,000 foot"
    }
)  # fmt: skip

#: Words that end a unit phrase: what follows them qualifies the figure ("in battle", "at Gibraltar").
STOP_WORDS: Final[frozenset[str]] = frozenset(
    {
        "by", "from", "in", "at", "on", "during", "after", "before", "of", "to", "for", "under", "led", "mostly",
        "including", "the", "a", "an", "as", "when", "while", "per", "each", "who", "which", "that", "whom", "out",
        "against", "near", "via", "into", "within", "mainly", "chiefly", "both", "since", "until", "till", "about",
        "than", "but", "except", "excluding", "not", "only", "alone", "total", "engaged", "committed", "present",
        "initially", "later", "eventually", "respectively", "plus", "with", "according", "were", "was", "are",
        "is", "being", "be", "had", "have", "has", "also", "then", "unknown", "overall", "along", "either",
        "altogether", "so",
        # a date after a figure ("315,000 February–December 1916") is when, never what was counted
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    }
)  # fmt: skip
#: Connector words inside a unit phrase: "soldiers and civilians", "killed or wounded".
UNIT_JOINERS: Final[frozenset[str]] = frozenset({"and", "or", "&", "/", "and/or"})
#: Adverbs that may stand before a kind: "heavily damaged", "badly wounded".
KIND_ADVERBS: Final[frozenset[str]] = frozenset(
    {
        "heavily", "badly", "lightly", "slightly", "severely", "seriously", "mortally", "fatally", "later", "partly",
        "were", "was", "are", "is", "been", "being", "be", "all", "reportedly", "allegedly", "confirmed",
    }
)  # fmt: skip

#: A label before a figure that names a phase, a total or a source rather than a group.
PHASE_WORDS: Final[frozenset[str]] = frozenset(
    {
        "winter", "summer", "spring", "autumn", "fall", "initially", "initial", "later", "end", "start", "beginning",
        "nominal", "committed", "engaged", "peak", "first", "second", "third", "fourth", "fifth", "final", "last",
        "phase", "day", "stage", "wave", "campaign", "assault", "siege", "battle", "conflict", "invasion",
        "expedition", "engagement", "war", "at height", "maximum", "minimum", "average",
    }
)  # fmt: skip
TOTAL_WORDS: Final[frozenset[str]] = frozenset({"total", "totals", "overall", "combined", "in total", "altogether"})
SOURCE_WORDS: Final[frozenset[str]] = frozenset(
    {
        "estimate", "estimates", "estimation", "estimations", "record", "records", "source", "sources",
        "according", "account", "accounts", "chronicle", "chronicles", "claim", "claims", "claimed", "allege",
        "alleges", "alleged", "figure", "figures", "report", "reports", "reported", "history", "historians",
        "sources:", "data",
        # the historians whose name alone, in brackets after a figure, says whose figure it is
        "herodotus", "thucydides", "xenophon", "diodorus", "ephorus", "polybius", "livy", "plutarch", "arrian",
        "curtius", "appian", "tacitus", "suetonius", "josephus", "procopius", "ammianus", "zosimus", "orosius",
        "eutropius", "justin", "caesar", "theophanes", "froissart", "villani", "clodfelter", "bodart", "delbrück",
        "delbruck",
    }
)  # fmt: skip

#: Words after a number that make it a time or a distance, not a count: "60 days", "10 km".
MEASURES: Final[frozenset[str]] = frozenset(
    {
        "year", "years", "yr", "yrs", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
        "minute", "minutes", "km", "kilometres", "kilometers", "mi", "mile", "miles", "metres", "meters", "m2",
        "ft", "feet", "yards", "bc", "bce", "ad", "ce", "mm", "cm", "inch", "in.", "pounder", "pounders", "pdr",
        "pdrs", "calibre", "caliber",
    }
)  # fmt: skip
#: Measures that name a gun's size: "18 105 mm howitzers" counts howitzers of 105 mm.
CALIBRES: Final[frozenset[str]] = frozenset({"mm", "cm", "inch", "in", "pounder", "pounders", "pdr", "pdrs"})
#: Words before a four-digit number that make it a year: "at height in 1779".
YEAR_PREPOSITIONS: Final[frozenset[str]] = frozenset(
    {"in", "since", "until", "till", "by", "during", "from", "before", "after", "circa", "year", "of"}
)
#: Multiplier words a vague amount may take: "several thousand", "a few hundred".
SCALE_WORDS: Final[frozenset[str]] = frozenset({"hundred", "thousand", "million", "dozen", "hundreds", "thousands"})

#: Words before a number that make it a name, not a count: "No. 2 Column".
IDENTIFIER_PREFIXES: Final[frozenset[str]] = frozenset({"no.", "nos.", "nr.", "#", "number", "num.", "mk.", "mark"})

#: Figures whose magnitude no battle reaches are kept as text, never as numbers.
MAX_FIGURE: Final = 10**12
