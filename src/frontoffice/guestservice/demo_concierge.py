"""The demo hotel's concierge: a dozen places around Amsterdam (notes in five languages,
opening hours as the places keep them) and what was recommended to and booked for guests,
some bookings charged to the folio of a guest in house. Through services only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from frontoffice.core import dates
from frontoffice.lodging.models import Reservation, ReservationStatus

from .services import concierge


def _every_day(*periods):
    return {str(day): [list(p) for p in periods] for day in range(7)}


def _days(days, *periods):
    return {str(day): [list(p) for p in periods] for day in days}


ATTRACTIONS = [
    {
        "name": "Rijksmuseum",
        "category": "museum",
        "address": "Museumstraat 1, 1071 XX Amsterdam",
        "opening_hours": _every_day(("09:00", "17:00")),
        "price_level": 3,
        "languages": ["nl", "en", "de", "es", "fr"],
        "phone": "+31 20 674 7000",
        "website": "https://www.rijksmuseum.nl",
        "notes": {
            "en": "Rembrandt's Night Watch and the Dutch masters. Book a time slot online.",
            "nl": "De Nachtwacht van Rembrandt en de Hollandse meesters. Reserveer online een tijdslot.",
            "de": "Rembrandts Nachtwache und die niederländischen Meister. Zeitfenster online buchen.",
            "pl": "Straż nocna Rembrandta i mistrzowie holenderscy. Bilet na godzinę kupić online.",
            "es": "La Ronda de Noche de Rembrandt y los maestros holandeses. Reserve hora en línea.",
        },
    },
    {
        "name": "Van Gogh Museum",
        "category": "museum",
        "address": "Museumplein 6, 1071 DJ Amsterdam",
        "opening_hours": {
            **_every_day(("09:00", "18:00")),
            "4": [["09:00", "21:00"]],
        },
        "price_level": 3,
        "languages": ["nl", "en", "de", "fr"],
        "phone": "+31 20 570 5200",
        "website": "https://www.vangoghmuseum.nl",
        "notes": {
            "en": "Tickets only online, often sold out days ahead. Late opening on Fridays.",
            "nl": "Alleen online tickets, vaak dagen vooruit uitverkocht. Vrijdag 's avonds open.",
            "de": "Tickets nur online, oft Tage im Voraus ausverkauft. Freitags länger geöffnet.",
            "pl": "Bilety tylko online, często wyprzedane na kilka dni wcześniej. W piątki dłużej.",
            "es": "Entradas solo en línea, a menudo agotadas días antes. Los viernes abre hasta tarde.",
        },
    },
    {
        "name": "Anne Frank Huis",
        "category": "museum",
        "address": "Prinsengracht 263-267, 1016 GV Amsterdam",
        "opening_hours": _every_day(("09:00", "22:00")),
        "price_level": 2,
        "languages": ["nl", "en", "de", "es", "pl"],
        "phone": "+31 20 556 7105",
        "website": "https://www.annefrank.org",
        "notes": {
            "en": "Tickets are released online six weeks ahead, for a set time only.",
            "nl": "Tickets komen zes weken vooraf online, alleen voor een vast tijdstip.",
            "de": "Tickets gibt es sechs Wochen vorher online, nur für eine feste Uhrzeit.",
            "pl": "Bilety pojawiają się online sześć tygodni wcześniej, na konkretną godzinę.",
            "es": "Las entradas salen en línea seis semanas antes, solo para una hora fija.",
        },
    },
    {
        "name": "Stedelijk Museum",
        "category": "museum",
        "address": "Museumplein 10, 1071 DJ Amsterdam",
        "opening_hours": _every_day(("10:00", "18:00")),
        "price_level": 2,
        "languages": ["nl", "en"],
        "phone": "+31 20 573 2911",
        "website": "https://www.stedelijk.nl",
        "notes": {
            "en": "Modern art and design; the bathtub building on Museumplein.",
            "nl": "Moderne kunst en design; het badkuipgebouw aan het Museumplein.",
            "de": "Moderne Kunst und Design; das „Badewannen“-Gebäude am Museumplein.",
            "pl": "Sztuka nowoczesna i design; budynek „wanna” przy Museumplein.",
            "es": "Arte moderno y diseño; el edificio «bañera» de Museumplein.",
        },
    },
    {
        "name": "Canal cruise from Damrak",
        "category": "tour",
        "address": "Damrak, pier 5, 1012 LG Amsterdam",
        "opening_hours": _every_day(("10:00", "22:00")),
        "price_level": 2,
        "languages": ["nl", "en", "de", "es", "fr", "it"],
        "phone": "+31 20 217 0500",
        "website": "https://www.example-canalcruises.nl",
        "notes": {
            "en": "One hour through the canal ring, every 30 minutes. Covered boats in winter.",
            "nl": "Een uur door de grachtengordel, elk half uur. In de winter overdekte boten.",
            "de": "Eine Stunde durch den Grachtengürtel, alle 30 Minuten. Im Winter überdacht.",
            "pl": "Godzina po pierścieniu kanałów, co 30 minut. Zimą łodzie zadaszone.",
            "es": "Una hora por el anillo de canales, cada 30 minutos. En invierno, barcos cubiertos.",
        },
    },
    {
        "name": "Restaurant De Kas",
        "category": "restaurant",
        "address": "Kamerlingh Onneslaan 3, 1097 DE Amsterdam",
        "opening_hours": _days(range(6), ("12:00", "14:00"), ("18:30", "22:00")),
        "price_level": 4,
        "languages": ["nl", "en"],
        "phone": "+31 20 462 4562",
        "website": "https://www.restaurantdekas.com",
        "notes": {
            "en": "Set menu from their own greenhouse. Closed on Sundays; book a week ahead.",
            "nl": "Vast menu uit de eigen kas. Zondag gesloten; een week vooruit reserveren.",
            "de": "Festes Menü aus dem eigenen Gewächshaus. Sonntags zu; eine Woche vorher buchen.",
            "pl": "Stałe menu z własnej szklarni. W niedziele zamknięte; rezerwacja z tygodniowym wyprzedzeniem.",
            "es": "Menú fijo de su propio invernadero. Cerrado los domingos; reserve una semana antes.",
        },
    },
    {
        "name": "Restaurant Blauw",
        "category": "restaurant",
        "address": "Amstelveenseweg 158, 1075 XN Amsterdam",
        "opening_hours": _every_day(("17:30", "22:00")),
        "price_level": 3,
        "languages": ["nl", "en", "de"],
        "phone": "+31 20 675 5000",
        "website": "https://www.restaurantblauw.nl",
        "notes": {
            "en": "Indonesian rijsttafel; ask for the vegetarian one. Dinner only.",
            "nl": "Indonesische rijsttafel; vraag naar de vegetarische. Alleen diner.",
            "de": "Indonesische Reistafel, auch vegetarisch. Nur abends.",
            "pl": "Indonezyjski rijsttafel, także wegetariański. Tylko kolacje.",
            "es": "Rijsttafel indonesio, también vegetariano. Solo cenas.",
        },
    },
    {
        "name": "Café 't Smalle",
        "category": "bar",
        "address": "Egelantiersgracht 12, 1015 RL Amsterdam",
        # Past midnight: to 01:00, and to 02:00 on Friday and Saturday nights.
        "opening_hours": {
            **_every_day(("10:00", "01:00")),
            "4": [["10:00", "02:00"]],
            "5": [["10:00", "02:00"]],
        },
        "price_level": 1,
        "languages": ["nl", "en"],
        "phone": "+31 20 623 9617",
        "website": "",
        "notes": {
            "en": "A brown café of 1786 with a terrace on the canal.",
            "nl": "Bruin café uit 1786 met een terras aan de gracht.",
            "de": "Braunes Café von 1786 mit Terrasse an der Gracht.",
            "pl": "Tradycyjna „brązowa” kawiarnia z 1786 roku z tarasem nad kanałem.",
            "es": "Café marrón de 1786 con terraza junto al canal.",
        },
    },
    {
        "name": "Paradiso",
        "category": "entertainment",
        "address": "Weteringschans 6-8, 1017 SG Amsterdam",
        "opening_hours": _days((3, 4, 5, 6), ("19:00", "03:00")),
        "price_level": 2,
        "languages": ["nl", "en"],
        "phone": "+31 20 626 4521",
        "website": "https://www.paradiso.nl",
        "notes": {
            "en": "Concerts in a former church; club nights until late.",
            "nl": "Concerten in een voormalige kerk; clubavonden tot laat.",
            "de": "Konzerte in einer ehemaligen Kirche; Clubnächte bis spät.",
            "pl": "Koncerty w dawnym kościele; imprezy klubowe do późna.",
            "es": "Conciertos en una antigua iglesia; noches de club hasta tarde.",
        },
    },
    {
        "name": "Het Concertgebouw",
        "category": "entertainment",
        "address": "Concertgebouwplein 10, 1071 LN Amsterdam",
        "opening_hours": _every_day(("13:00", "19:00")),
        "price_level": 3,
        "languages": ["nl", "en", "de"],
        "phone": "+31 20 671 8345",
        "website": "https://www.concertgebouw.nl",
        "notes": {
            "en": "Free lunchtime concerts on Wednesdays from September to June.",
            "nl": "Gratis lunchconcerten op woensdag van september tot juni.",
            "de": "Kostenlose Mittagskonzerte mittwochs von September bis Juni.",
            "pl": "Bezpłatne koncerty w porze lunchu w środy od września do czerwca.",
            "es": "Conciertos gratuitos al mediodía los miércoles de septiembre a junio.",
        },
    },
    {
        "name": "Albert Cuyp Markt",
        "category": "shopping",
        "address": "Albert Cuypstraat, 1072 CT Amsterdam",
        "opening_hours": _days(range(6), ("09:00", "17:00")),
        "price_level": 1,
        "languages": ["nl", "en", "pl", "es"],
        "phone": "",
        "website": "https://albertcuyp-markt.amsterdam",
        "notes": {
            "en": "The city's largest street market; try fresh stroopwafels. Closed on Sundays.",
            "nl": "De grootste straatmarkt van de stad; proef een verse stroopwafel. Zondag dicht.",
            "de": "Größter Straßenmarkt der Stadt; frische Stroopwafels probieren. Sonntags zu.",
            "pl": "Największy targ uliczny w mieście; spróbuj świeżych stroopwafli. W niedziele zamknięty.",
            "es": "El mayor mercado callejero; pruebe un stroopwafel recién hecho. Cerrado el domingo.",
        },
    },
    {
        "name": "Spa Zuiver",
        "category": "wellness",
        "address": "Koenenkade 8, 1081 KH Amsterdam",
        "opening_hours": _every_day(("09:30", "23:00")),
        "price_level": 3,
        "languages": ["nl", "en", "de"],
        "phone": "+31 20 301 0710",
        "website": "https://www.spazuiver.nl",
        "notes": {
            "en": "Saunas and pools in the Amsterdamse Bos; bathrobes for hire.",
            "nl": "Sauna's en baden in het Amsterdamse Bos; badjassen te huur.",
            "de": "Saunen und Bäder im Amsterdamse Bos; Bademäntel zu leihen.",
            "pl": "Sauny i baseny w lesie Amsterdamse Bos; szlafroki do wypożyczenia.",
            "es": "Saunas y piscinas en el Amsterdamse Bos; albornoces de alquiler.",
        },
    },
    {
        "name": "Schiphol taxi",
        "category": "transport",
        "address": "",
        "opening_hours": _every_day(("00:00", "00:00")),
        "price_level": 3,
        "languages": ["nl", "en", "de", "pl", "es"],
        "phone": "+31 20 777 7777",
        "website": "",
        "notes": {
            "en": "Fixed fare to the airport; call 30 minutes ahead, round the clock.",
            "nl": "Vaste prijs naar Schiphol; dag en nacht, bel 30 minuten vooraf.",
            "de": "Festpreis zum Flughafen; rund um die Uhr, 30 Minuten vorher anrufen.",
            "pl": "Stała cena na lotnisko; całą dobę, zadzwoń 30 minut wcześniej.",
            "es": "Tarifa fija al aeropuerto; las 24 horas, llame 30 minutos antes.",
        },
    },
]

# What guests of each language tend to book (index into ATTRACTIONS, weight).
TASTES = {
    "de": [(1, 5), (4, 3), (0, 2), (6, 2)],
    "nl": [(5, 5), (9, 3), (7, 2), (11, 2)],
    "pl": [(2, 5), (10, 3), (4, 2)],
    "es": [(0, 4), (4, 4), (8, 2)],
    "en": [(2, 3), (0, 3), (8, 3), (4, 2), (12, 2)],
}
PRICES = {"museum": "22.50", "tour": "18.00", "restaurant": "95.00", "entertainment": "40.00"}


def concierge_demo(establishment, rng, root, today, stdout) -> None:
    places = [
        concierge.attraction_create(establishment=establishment, actor=root, **data)
        for data in ATTRACTIONS
    ]
    zone = dates.zone(establishment.timezone)
    stays = list(
        Reservation.objects.filter(
            establishment=establishment,
            status__in=(ReservationStatus.CHECKED_IN, ReservationStatus.CHECKED_OUT),
        )
        .select_related("customer", "folio")
        .order_by("-arrival", "pk")[:60]
    )
    made = 0
    for stay in stays:
        tastes = TASTES.get(stay.customer.language) or TASTES["en"]
        indexes, weights = zip(*tastes, strict=True)
        for _ in range(rng.choice((1, 1, 2))):
            place = places[rng.choices(indexes, weights)[0]]
            in_house = stay.status == ReservationStatus.CHECKED_IN
            day = max(stay.arrival, today if in_house else stay.arrival)
            hour = 19 if place.category == "restaurant" else rng.choice((10, 11, 14))
            at = dt.datetime.combine(day, dt.time(hour, 0), tzinfo=zone)
            booking = rng.random() < 0.7
            price = PRICES.get(place.category) if booking else None
            party = min(stay.adults + stay.children, 6) or 1
            charge = bool(price) and in_house and stay.folio_id is not None
            concierge.recommendation_create(
                establishment=establishment,
                actor=root,
                customer=stay.customer,
                attraction=place,
                kind="booking" if booking else "recommendation",
                reservation=stay,
                at=at if booking else None,
                for_date=None if booking else day,
                party_size=party,
                confirmation=f"{place.name[:3].upper()}-{rng.randint(1000, 9999)}"
                if booking
                else "",
                cost=Decimal(price) * party if price else None,
                charge_to_folio=charge,
            )
            made += 1
    stdout.write(f"Concierge: {len(places)} attractions, {made} recommendations and bookings.\n")
