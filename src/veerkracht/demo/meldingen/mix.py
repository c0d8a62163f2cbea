# SPDX-License-Identifier: EUPL-1.2
"""What a corporation's year of meldingen looks like: the mix, the seasons, the texts (demo content).

The shares follow the four pillars of seed 004: about half are about the physical surroundings (rubbish,
gardens, lighting, parking, vandalism), a third social and preventive (nuisance, neighbours, care signals,
rent arrears), under a tenth repressive (drugs, housing fraud, crime) and the rest living together
(initiatives, the liveability fund). Nuisance and youths peak in summer, rubbish around the holidays,
broken lighting in the dark months, loneliness around Christmas.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Which spatial weight a category follows (see ``places.py``).
PHYSICAL, SOCIAL, REPRESSIVE, TOGETHER = "physical", "social", "repressive", "together"

FLAT = (1.0,) * 12
SUMMER = (0.7, 0.7, 0.8, 0.9, 1.1, 1.3, 1.5, 1.5, 1.1, 0.9, 0.8, 1.0)
YOUTH = (0.6, 0.6, 0.8, 1.0, 1.2, 1.4, 1.5, 1.4, 1.1, 0.9, 0.8, 0.9)
GROWING = (0.4, 0.4, 0.8, 1.3, 1.6, 1.6, 1.4, 1.3, 1.1, 0.8, 0.6, 0.4)
DARK = (1.6, 1.4, 1.1, 0.8, 0.6, 0.5, 0.5, 0.6, 0.9, 1.3, 1.6, 1.7)
WINTER = (1.2, 1.1, 1.0, 0.9, 0.9, 0.8, 0.8, 0.8, 0.9, 1.0, 1.2, 1.5)
VERMIN = (0.6, 0.6, 0.7, 0.8, 1.0, 1.2, 1.4, 1.5, 1.3, 1.0, 0.8, 0.7)


@dataclass(frozen=True)
class Kind:
    """One subcategory in the mix: its share of a year, its season and where it happens."""

    category: str
    subcategory: str
    share: float
    season: tuple[float, ...] = FLAT
    weight: str = PHYSICAL
    #: More of it in the days around Christmas and New Year, Koningsdag and the summer holiday.
    holidays: bool = False


MIX: tuple[Kind, ...] = (
    Kind("vervuiling", "zwerfafval", 0.090, holidays=True),
    Kind("vervuiling", "grofvuil", 0.090, holidays=True),
    Kind("vervuiling", "containers", 0.040, holidays=True),
    Kind("vervuiling", "ongedierte", 0.030, VERMIN),
    Kind("vervuiling", "vervuilde_woning", 0.015, weight=SOCIAL),
    Kind("tuin", "verwaarloosde_tuin", 0.040, GROWING),
    Kind("tuin", "groenonderhoud", 0.035, GROWING),
    Kind("parkeren", "foutparkeren", 0.030),
    Kind("parkeren", "wrak", 0.015),
    Kind("vandalisme", "graffiti", 0.025),
    Kind("vandalisme", "vernieling", 0.020, SUMMER, REPRESSIVE),
    Kind("veiligheid", "verlichting", 0.035, DARK),
    Kind("veiligheid", "brandgevaar", 0.020),
    Kind("veiligheid", "toegang", 0.025),
    Kind("overlast", "geluid", 0.100, SUMMER, SOCIAL),
    Kind("overlast", "stank", 0.020, SUMMER, SOCIAL),
    Kind("overlast", "huisdieren", 0.030, weight=SOCIAL),
    Kind("overlast", "jongeren", 0.040, YOUTH, SOCIAL),
    Kind("overlast", "overig", 0.020, weight=SOCIAL),
    Kind("burenruzie", "conflict", 0.040, SUMMER, SOCIAL),
    Kind("burenruzie", "intimidatie", 0.015, weight=SOCIAL),
    Kind("zorgsignaal", "verward_gedrag", 0.020, weight=SOCIAL),
    Kind("zorgsignaal", "vereenzaming", 0.015, WINTER, SOCIAL),
    Kind("zorgsignaal", "zelfverwaarlozing", 0.012, weight=SOCIAL),
    Kind("zorgsignaal", "huiselijk_geweld", 0.006, WINTER, SOCIAL),
    Kind("huurachterstand", "een_maand", 0.012, weight=SOCIAL),
    Kind("huurachterstand", "meerdere_maanden", 0.006, weight=SOCIAL),
    Kind("overlast", "drugs", 0.025, weight=REPRESSIVE),
    Kind("woonfraude", "onderverhuur", 0.012, weight=REPRESSIVE),
    Kind("woonfraude", "geen_hoofdverblijf", 0.010, weight=REPRESSIVE),
    Kind("woonfraude", "bedrijfsmatig", 0.004, weight=REPRESSIVE),
    Kind("criminaliteit", "drugshandel", 0.010, weight=REPRESSIVE),
    Kind("criminaliteit", "hennepkwekerij", 0.008, weight=REPRESSIVE),
    Kind("criminaliteit", "uitbuiting", 0.002, weight=REPRESSIVE),
    Kind("criminaliteit", "prostitutie", 0.002, weight=REPRESSIVE),
    Kind("criminaliteit", "overig", 0.005, weight=REPRESSIVE),
    Kind("samen_wonen", "bewonersinitiatief", 0.030, GROWING, TOGETHER),
    Kind("samen_wonen", "leefbaarheidsfonds", 0.020, weight=TOGETHER),
    Kind("samen_wonen", "buurtactiviteit", 0.020, SUMMER, TOGETHER),
)

#: What a repeat reporter reports about: the neighbour above, the dog next door, the rubbish downstairs.
REPEAT_KINDS: tuple[tuple[str, str, float], ...] = (
    ("overlast", "geluid", 0.5),
    ("burenruzie", "conflict", 0.2),
    ("overlast", "huisdieren", 0.1),
    ("overlast", "stank", 0.1),
    ("vervuiling", "grofvuil", 0.1),
)

#: What a resident team finds on a round.
ROUND_KINDS: tuple[tuple[str, str, float], ...] = (
    ("vervuiling", "zwerfafval", 0.30),
    ("vervuiling", "grofvuil", 0.20),
    ("veiligheid", "verlichting", 0.15),
    ("vandalisme", "graffiti", 0.10),
    ("tuin", "verwaarloosde_tuin", 0.10),
    ("veiligheid", "brandgevaar", 0.10),
    ("vervuiling", "containers", 0.05),
)

DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "zwerfafval": (
        "Veel zwerfafval rond de containers en in de struiken.",
        "Zakken afval naast de ondergrondse container.",
        "Vuurwerkresten en flessen op het pleintje.",
    ),
    "grofvuil": (
        "Een oude bank en matrassen bij de ingang van de flat.",
        "Grofvuil in de gang van de berging, al een week.",
        "Iemand heeft een kast en dozen op de stoep gezet.",
    ),
    "containers": (
        "De ondergrondse container zit vol en gaat niet meer open.",
        "Container kapot, klep klemt.",
    ),
    "ongedierte": ("Ratten gezien bij de afvalcontainers.", "Last van muizen in de kelderboxen."),
    "vervuilde_woning": (
        "Uit de woning komt een sterke lucht; de ramen zitten vol met spullen.",
        "Het balkon van de buren staat vol met afval.",
    ),
    "verwaarloosde_tuin": ("De voortuin staat vol onkruid en afval.", "Tuin van de buren is een puinhoop."),
    "groenonderhoud": ("De heg langs het pad is niet gesnoeid.", "Het gras in het binnenterrein is te hoog."),
    "foutparkeren": ("Auto's staan op de stoep voor de ingang.", "Bestelbus blokkeert de nooduitgang."),
    "wrak": (
        "Een fietswrak staat al maanden in het fietsenrek.",
        "Auto zonder kenteken op het parkeerterrein.",
    ),
    "graffiti": ("Graffiti op de garagedeuren.", "Tags op de gevel bij de entree."),
    "vernieling": ("De brievenbussen in de hal zijn vernield.", "Ruit van de portiekdeur ingegooid."),
    "verlichting": (
        "De lamp in de portiek is kapot.",
        "De galerij is 's avonds donker, verlichting doet het niet.",
    ),
    "brandgevaar": (
        "Fietsen en spullen in de vluchtweg op de galerij.",
        "Kinderwagens en kasten in het trappenhuis.",
    ),
    "toegang": ("De voordeur van de flat valt niet meer in het slot.", "De intercom werkt niet."),
    "geluid": (
        "Harde muziek tot diep in de nacht bij de bovenburen.",
        "Buren maken elke avond lawaai, ook na middernacht.",
        "Feest op het balkon, veel geluid na 23 uur.",
    ),
    "stank": ("Sterke lucht in het trappenhuis.", "Rook en etenslucht uit de woning hiernaast."),
    "huisdieren": ("De hond van de buren blaft de hele dag.", "Hondenpoep op het gras bij de speelplaats."),
    "jongeren": (
        "Jongeren hangen 's avonds in de hal en laten rommel achter.",
        "Groep jongeren bij het pleintje, intimiderend.",
    ),
    "overig": ("Overlast bij de ingang van de flat.", "Onrustige situatie in de straat."),
    "conflict": ("Ruzie met de buren over de tuin.", "Buren schelden elkaar uit in het trappenhuis."),
    "intimidatie": ("Melder voelt zich bedreigd door de buurman.", "Buren worden uitgescholden en bedreigd."),
    "verward_gedrag": (
        "Bewoner loopt verward rond in de gang.",
        "Buurvrouw praat tegen zichzelf en roept 's nachts.",
    ),
    "vereenzaming": ("Oudere bewoner komt al weken de deur niet uit.", "Buurman lijkt niemand meer te zien."),
    "zelfverwaarlozing": (
        "Bewoner ziet er verwaarloosd uit, post stapelt zich op.",
        "De woning lijkt niet meer bewoond te worden.",
    ),
    "huiselijk_geweld": ("Geschreeuw en gebonk uit de woning, zorgen om de kinderen.",),
    "een_maand": ("Huurachterstand van een maand; huurder reageert niet op brieven.",),
    "meerdere_maanden": ("Huurachterstand van meerdere maanden, dreigende ontruiming.",),
    "drugs": ("Veel aanloop bij een woning, vermoedelijk drugshandel.", "Drugsgebruik in de berging."),
    "onderverhuur": ("Telkens andere mensen in de woning; vermoedelijk onderverhuur.",),
    "geen_hoofdverblijf": ("De huurder woont er niet; de woning staat leeg.",),
    "bedrijfsmatig": ("In de woning lijkt een bedrijf te zitten.",),
    "drugshandel": ("Auto's stoppen kort bij de woning, vermoedelijk handel.",),
    "hennepkwekerij": ("Hennepgeur en dichtgeplakte ramen.",),
    "uitbuiting": ("Veel mannen in een woning, vermoedelijk uitbuiting.",),
    "prostitutie": ("Vermoedelijk illegale prostitutie in de woning.",),
    "bewonersinitiatief": (
        "Bewoners willen een moestuin in het binnenterrein.",
        "Idee voor een buurtbarbecue.",
    ),
    "leefbaarheidsfonds": ("Vraag over een bijdrage uit het leefbaarheidsfonds voor bankjes.",),
    "buurtactiviteit": (
        "Buurtfeest op het plein, vraag om hulp bij de aanvraag.",
        "Schoonmaakactie met de buurt.",
    ),
}

FEEDBACK = {
    PHYSICAL: (
        "De aannemer is ingeschakeld en lost het deze week op.",
        "Wij hebben het laten opruimen.",
        "De reparatie is ingepland.",
    ),
    SOCIAL: (
        "Wij hebben met de bewoners gesproken en maken afspraken.",
        "De sociaal beheerder is langs geweest; wij houden de situatie in de gaten.",
        "Wij hebben buurtbemiddeling voorgesteld.",
    ),
    REPRESSIVE: (
        "Wij hebben uw melding gedeeld met onze partners en onderzoeken de zaak.",
        "Wij doen onderzoek; over de uitkomst kunnen wij niet meer zeggen.",
    ),
    TOGETHER: (
        "Wij nemen contact met u op om het idee verder uit te werken.",
        "Uw aanvraag is in behandeling.",
    ),
}

CLOSING = {
    PHYSICAL: ("Opgelost door de aannemer", "Opgeruimd", "Gerepareerd"),
    SOCIAL: (
        "Afspraken gemaakt met de bewoners",
        "Situatie rustig na gesprek",
        "Doorverwezen naar het wijkteam",
    ),
    REPRESSIVE: ("Overgedragen aan de partners", "Onderzoek afgerond"),
    TOGETHER: ("Initiatief ondersteund", "Aanvraag afgehandeld"),
}

PARTNERS = ("wijkteam", "GGD", "politie", "schuldhulpverlening", "maatschappelijk werk")

FIRST_NAMES = (
    "Anna",
    "Bas",
    "Carla",
    "Daan",
    "Eva",
    "Fatima",
    "Gerard",
    "Hanna",
    "Ilse",
    "Joost",
    "Karin",
    "Lars",
    "Mila",
    "Noah",
    "Olga",
    "Peter",
    "Rachid",
    "Sophie",
    "Tim",
    "Ursula",
    "Vera",
    "Willem",
    "Yara",
    "Zeynep",
)
LAST_NAMES = (
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Dijkstra",
    "Kaya",
    "El Amrani",
    "Yilmaz",
    "Wouters",
    "Maes",
    "Claessens",
)
STREET_SUFFIXES = ("straat", "laan", "hof", "plein", "weg", "pad")
