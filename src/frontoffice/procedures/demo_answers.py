"""The demo hotel's knowledge base: the questions guests ask the desk most, in the five
languages. Each entry: language -> (question, answer, keywords)."""

ANSWERS = [
    {
        "en": (
            "When is the reception open?",
            "The reception is open 24 hours a day, every day of the year.",
            "opening hours desk night",
        ),
        "nl": (
            "Wanneer is de receptie open?",
            "De receptie is 24 uur per dag open, het hele jaar door.",
            "openingstijden balie nacht",
        ),
        "de": (
            "Wann ist die Rezeption geöffnet?",
            "Die Rezeption ist rund um die Uhr geöffnet, an 365 Tagen im Jahr.",
            "öffnungszeiten nacht",
        ),
        "pl": (
            "W jakich godzinach działa recepcja?",
            "Recepcja jest czynna całą dobę, przez cały rok.",
            "godziny otwarcia noc",
        ),
        "es": (
            "¿Cuál es el horario de recepción?",
            "La recepción está abierta las 24 horas, todos los días del año.",
            "horario abierto noche",
        ),
    },
    {
        "en": (
            "Is there parking at the hotel?",
            "Yes: our garage under the hotel has 20 spaces at €35 per day. Please reserve a space in advance; the entrance is on the side street. Alternatively, the P+R Zeeburg is a 15-minute tram ride away.",
            "car garage parking space",
        ),
        "nl": (
            "Kan ik bij het hotel parkeren?",
            "Ja, onze garage onder het hotel heeft 20 plaatsen, € 35 per dag. Reserveer graag vooraf; de inrit is in de zijstraat. U kunt ook parkeren bij P+R Zeeburg, op 15 minuten met de tram.",
            "auto garage parkeerplaats",
        ),
        "de": (
            "Gibt es Parkplätze am Hotel?",
            "Ja, unsere Tiefgarage unter dem Hotel hat 20 Stellplätze zu 35 € pro Tag. Bitte reservieren Sie vorab; die Einfahrt liegt in der Seitenstraße. Alternativ ist der P+R Zeeburg 15 Minuten mit der Straßenbahn entfernt.",
            "auto tiefgarage stellplatz parken",
        ),
        "pl": (
            "Czy przy hotelu jest parking?",
            "Tak, w garażu pod hotelem jest 20 miejsc w cenie 35 € za dobę. Prosimy o wcześniejszą rezerwację; wjazd znajduje się od bocznej ulicy. Można też skorzystać z parkingu P+R Zeeburg, 15 minut tramwajem.",
            "samochód garaż miejsce parkingowe",
        ),
        "es": (
            "¿Tiene el hotel aparcamiento?",
            "Sí, nuestro garaje bajo el hotel tiene 20 plazas a 35 € al día. Le rogamos que reserve la plaza con antelación; la entrada está en la calle lateral. También puede aparcar en el P+R Zeeburg, a 15 minutos en tranvía.",
            "coche garaje parking plaza",
        ),
    },
    {
        "en": (
            "When and where is breakfast served?",
            "Breakfast is served in the winter garden from 7:00 to 10:30 (weekends until 11:00). It costs €22.50 per person if not included in your rate.",
            "morning buffet",
        ),
        "nl": (
            "Wanneer en waar is het ontbijt?",
            "Het ontbijt wordt geserveerd in de wintertuin van 7.00 tot 10.30 uur (in het weekend tot 11.00 uur). Zit het niet bij uw tarief in, dan kost het € 22,50 per persoon.",
            "ochtend buffet",
        ),
        "de": (
            "Wann und wo gibt es Frühstück?",
            "Das Frühstück wird im Wintergarten von 7:00 bis 10:30 Uhr serviert (am Wochenende bis 11:00 Uhr). Ist es nicht im Preis enthalten, kostet es 22,50 € pro Person.",
            "morgen buffet",
        ),
        "pl": (
            "Kiedy i gdzie jest śniadanie?",
            "Śniadanie serwujemy w ogrodzie zimowym od 7:00 do 10:30 (w weekendy do 11:00). Jeśli nie jest wliczone w cenę, kosztuje 22,50 € za osobę.",
            "rano bufet",
        ),
        "es": (
            "¿A qué hora y dónde se sirve el desayuno?",
            "El desayuno se sirve en el jardín de invierno de 7:00 a 10:30 (los fines de semana hasta las 11:00). Si no está incluido en su tarifa, cuesta 22,50 € por persona.",
            "mañana bufé",
        ),
    },
    {
        "en": (
            "How do I connect to the Wi-Fi?",
            'Connect to the network "Amstel-Guest" and open any web page; enter your room number and last name. Wi-Fi is free throughout the hotel.',
            "wifi internet wlan password network",
        ),
        "nl": (
            "Hoe maak ik verbinding met de wifi?",
            'Kies het netwerk "Amstel-Guest" en open een willekeurige webpagina; vul uw kamernummer en achternaam in. Wifi is gratis in het hele hotel.',
            "wifi internet wachtwoord netwerk",
        ),
        "de": (
            "Wie verbinde ich mich mit dem WLAN?",
            "Wählen Sie das Netzwerk „Amstel-Guest“ und öffnen Sie eine beliebige Webseite; geben Sie Zimmernummer und Nachnamen ein. Das WLAN ist im ganzen Hotel kostenlos.",
            "wlan wifi internet passwort netzwerk",
        ),
        "pl": (
            "Jak połączyć się z Wi-Fi?",
            "Wybierz sieć „Amstel-Guest” i otwórz dowolną stronę; wpisz numer pokoju i nazwisko. Wi-Fi jest bezpłatne w całym hotelu.",
            "wifi internet hasło sieć",
        ),
        "es": (
            "¿Cómo me conecto a la wifi?",
            "Conéctese a la red «Amstel-Guest» y abra cualquier página web; introduzca su número de habitación y su apellido. La wifi es gratuita en todo el hotel.",
            "wifi internet contraseña red",
        ),
    },
    {
        "en": (
            "Are pets allowed?",
            "Dogs and cats up to 10 kg are welcome for €20 per night, including a basket and bowls. Please let us know when you book. Pets are not allowed in the breakfast room.",
            "dog cat animal",
        ),
        "nl": (
            "Zijn huisdieren toegestaan?",
            "Honden en katten tot 10 kg zijn welkom voor € 20 per nacht, inclusief mand en etensbakjes. Meld het graag bij uw reservering. In de ontbijtzaal zijn huisdieren niet toegestaan.",
            "hond kat dier",
        ),
        "de": (
            "Sind Haustiere erlaubt?",
            "Hunde und Katzen bis 10 kg sind für 20 € pro Nacht willkommen, Körbchen und Näpfe inklusive. Bitte geben Sie es bei der Buchung an. Im Frühstücksraum sind Haustiere nicht erlaubt.",
            "hund katze tier",
        ),
        "pl": (
            "Czy można przyjechać ze zwierzęciem?",
            "Psy i koty do 10 kg są mile widziane za 20 € za noc, z legowiskiem i miskami. Prosimy o informację przy rezerwacji. Zwierzęta nie mogą wchodzić do sali śniadaniowej.",
            "pies kot zwierzę",
        ),
        "es": (
            "¿Se admiten mascotas?",
            "Los perros y gatos de hasta 10 kg son bienvenidos por 20 € la noche, con cesta y cuencos incluidos. Indíquenoslo al reservar. Las mascotas no pueden entrar en la sala de desayunos.",
            "perro gato animal",
        ),
    },
    {
        "en": (
            "What time is check-in?",
            "Check-in is from 15:00. If your room is ready earlier we will gladly let you in; until then we can store your luggage.",
            "arrival early room ready",
        ),
        "nl": (
            "Hoe laat kan ik inchecken?",
            "Inchecken kan vanaf 15.00 uur. Is uw kamer eerder klaar, dan mag u er graag eerder in; tot die tijd bewaren wij uw bagage.",
            "aankomst vroeg kamer klaar",
        ),
        "de": (
            "Ab wann kann ich einchecken?",
            "Der Check-in ist ab 15:00 Uhr möglich. Ist Ihr Zimmer früher fertig, können Sie gern früher hinein; bis dahin bewahren wir Ihr Gepäck auf.",
            "anreise früh zimmer bereit",
        ),
        "pl": (
            "Od której godziny jest zameldowanie?",
            "Zameldowanie jest możliwe od 15:00. Jeśli pokój będzie gotowy wcześniej, chętnie wpuścimy Państwa wcześniej; do tego czasu przechowamy bagaż.",
            "przyjazd wcześniej pokój gotowy",
        ),
        "es": (
            "¿A qué hora es el check-in?",
            "El check-in es a partir de las 15:00. Si su habitación está lista antes, podrá entrar con mucho gusto; mientras tanto le guardamos el equipaje.",
            "llegada temprano habitación lista entrada",
        ),
    },
    {
        "en": (
            "What time is check-out?",
            "Check-out is until 11:00. A late check-out until 14:00 costs €30, subject to availability; ask at the reception the day before.",
            "departure late leave",
        ),
        "nl": (
            "Hoe laat moet ik uitchecken?",
            "Uitchecken kan tot 11.00 uur. Later uitchecken tot 14.00 uur kost € 30, als het past; vraag het de dag ervoor aan de receptie.",
            "vertrek laat weggaan",
        ),
        "de": (
            "Bis wann muss ich auschecken?",
            "Der Check-out ist bis 11:00 Uhr. Ein später Check-out bis 14:00 Uhr kostet 30 €, je nach Verfügbarkeit; fragen Sie am Vortag an der Rezeption.",
            "abreise spät",
        ),
        "pl": (
            "Do której godziny trzeba się wymeldować?",
            "Wymeldowanie do 11:00. Późne wymeldowanie do 14:00 kosztuje 30 €, w miarę dostępności; prosimy zapytać w recepcji dzień wcześniej.",
            "wyjazd późno",
        ),
        "es": (
            "¿A qué hora es el check-out?",
            "El check-out es hasta las 11:00. Una salida tardía hasta las 14:00 cuesta 30 €, según disponibilidad; pregunte en recepción el día anterior.",
            "salida tarde",
        ),
    },
    {
        "en": (
            "Is the city tax included?",
            "Amsterdam charges a tourist tax of 12.5% of the room price. It is not included in most rates and is added to your bill at check-out.",
            "tourist tax city tax",
        ),
        "nl": (
            "Is de toeristenbelasting inbegrepen?",
            "Amsterdam heft toeristenbelasting van 12,5% van de kamerprijs. Die zit bij de meeste tarieven niet inbegrepen en komt bij het uitchecken op uw rekening.",
            "toeristenbelasting stadsbelasting",
        ),
        "de": (
            "Ist die City-Tax enthalten?",
            "Amsterdam erhebt eine Touristensteuer von 12,5 % des Zimmerpreises. Sie ist in den meisten Raten nicht enthalten und wird beim Check-out auf Ihre Rechnung gesetzt.",
            "touristensteuer kurtaxe city tax",
        ),
        "pl": (
            "Czy opłata miejscowa jest wliczona?",
            "Amsterdam pobiera podatek turystyczny w wysokości 12,5% ceny pokoju. W większości taryf nie jest on wliczony i zostanie doliczony do rachunku przy wymeldowaniu.",
            "podatek turystyczny opłata miejska",
        ),
        "es": (
            "¿Está incluida la tasa turística?",
            "Ámsterdam cobra una tasa turística del 12,5 % del precio de la habitación. No está incluida en la mayoría de las tarifas y se añade a su factura al hacer el check-out.",
            "tasa turística impuesto ciudad",
        ),
    },
    {
        "en": (
            "Can I cancel my booking free of charge?",
            "Flexible rates can be cancelled free of charge until 18:00 on the day before arrival; after that we charge the first night. Non-refundable rates cannot be cancelled or changed.",
            "cancellation policy refund change",
        ),
        "nl": (
            "Kan ik kosteloos annuleren?",
            "Flexibele tarieven kunt u kosteloos annuleren tot 18.00 uur op de dag vóór aankomst; daarna rekenen wij de eerste nacht. Niet-restitueerbare tarieven kunnen niet worden geannuleerd of gewijzigd.",
            "annuleringsvoorwaarden terugbetaling wijzigen",
        ),
        "de": (
            "Kann ich kostenlos stornieren?",
            "Flexible Raten können Sie bis 18:00 Uhr am Vortag der Anreise kostenlos stornieren; danach berechnen wir die erste Nacht. Nicht erstattbare Raten können weder storniert noch geändert werden.",
            "stornierung stornobedingungen erstattung ändern",
        ),
        "pl": (
            "Czy mogę bezpłatnie anulować rezerwację?",
            "Rezerwacje w taryfach elastycznych można anulować bezpłatnie do 18:00 w dniu poprzedzającym przyjazd; później pobieramy opłatę za pierwszą noc. Taryf bezzwrotnych nie można anulować ani zmienić.",
            "anulowanie zwrot zmiana warunki",
        ),
        "es": (
            "¿Puedo cancelar la reserva sin gastos?",
            "Las tarifas flexibles se pueden cancelar sin gastos hasta las 18:00 del día anterior a la llegada; después cobramos la primera noche. Las tarifas no reembolsables no se pueden cancelar ni modificar.",
            "cancelación política reembolso cambio",
        ),
    },
    {
        "en": (
            "Can you keep my luggage?",
            "Of course. We store luggage free of charge on the day of arrival and departure; the porter gives you a numbered tag to collect it.",
            "bags suitcase storage porter",
        ),
        "nl": (
            "Kunt u mijn bagage bewaren?",
            "Natuurlijk. Op de dag van aankomst en vertrek bewaren wij uw bagage gratis; de portier geeft u een genummerd label om de bagage weer op te halen.",
            "koffer tassen opslag portier",
        ),
        "de": (
            "Können Sie mein Gepäck aufbewahren?",
            "Selbstverständlich. Am An- und Abreisetag bewahren wir Ihr Gepäck kostenlos auf; der Portier gibt Ihnen eine nummerierte Marke zum Abholen.",
            "koffer taschen aufbewahrung portier",
        ),
        "pl": (
            "Czy mogę zostawić bagaż?",
            "Oczywiście. W dniu przyjazdu i wyjazdu przechowujemy bagaż bezpłatnie; portier wyda numerowany kwit do jego odbioru.",
            "walizka torba przechowalnia portier",
        ),
        "es": (
            "¿Me pueden guardar el equipaje?",
            "Por supuesto. El día de llegada y el de salida le guardamos el equipaje gratis; el botones le da una etiqueta numerada para recogerlo.",
            "maleta bolsas consigna botones",
        ),
    },
    {
        "en": (
            "How do I get here from Schiphol airport?",
            "Take the train from Schiphol to Amsterdam Centraal (15 minutes), then tram 4 or 14 to Rembrandtplein; the hotel is a 3-minute walk. A taxi takes about 25 minutes and costs around €50.",
            "airport train taxi directions",
        ),
        "nl": (
            "Hoe kom ik vanaf Schiphol bij het hotel?",
            "Neem de trein van Schiphol naar Amsterdam Centraal (15 minuten) en daarna tram 4 of 14 naar het Rembrandtplein; het hotel ligt op 3 minuten lopen. Een taxi doet er ongeveer 25 minuten over en kost zo'n € 50.",
            "vliegveld trein taxi route",
        ),
        "de": (
            "Wie komme ich vom Flughafen Schiphol zum Hotel?",
            "Fahren Sie mit dem Zug von Schiphol nach Amsterdam Centraal (15 Minuten), dann mit der Straßenbahn 4 oder 14 bis Rembrandtplein; von dort sind es 3 Minuten zu Fuß. Ein Taxi braucht etwa 25 Minuten und kostet rund 50 €.",
            "flughafen zug taxi anfahrt",
        ),
        "pl": (
            "Jak dojechać z lotniska Schiphol?",
            "Pociągiem z Schiphol do Amsterdam Centraal (15 minut), potem tramwajem 4 lub 14 do Rembrandtplein; hotel jest 3 minuty pieszo od przystanku. Taksówka jedzie około 25 minut i kosztuje około 50 €.",
            "lotnisko pociąg taksówka dojazd",
        ),
        "es": (
            "¿Cómo llego desde el aeropuerto de Schiphol?",
            "Tome el tren de Schiphol a Amsterdam Centraal (15 minutos) y luego el tranvía 4 o 14 hasta Rembrandtplein; el hotel está a 3 minutos a pie. Un taxi tarda unos 25 minutos y cuesta unos 50 €.",
            "aeropuerto tren taxi cómo llegar",
        ),
    },
    {
        "en": (
            "Can I smoke in my room?",
            "All rooms are non-smoking. You are welcome to smoke on the terrace in the courtyard. Smoking in a room incurs a cleaning fee of €150.",
            "smoking cigarette terrace",
        ),
        "nl": (
            "Mag ik op mijn kamer roken?",
            "Alle kamers zijn rookvrij. Roken mag op het terras op de binnenplaats. Voor roken op de kamer rekenen wij € 150 schoonmaakkosten.",
            "roken sigaret terras",
        ),
        "de": (
            "Darf ich im Zimmer rauchen?",
            "Alle Zimmer sind Nichtraucherzimmer. Rauchen können Sie gern auf der Terrasse im Innenhof. Für das Rauchen im Zimmer berechnen wir eine Reinigungsgebühr von 150 €.",
            "rauchen zigarette terrasse",
        ),
        "pl": (
            "Czy mogę palić w pokoju?",
            "Wszystkie pokoje są dla niepalących. Zapraszamy do palenia na tarasie na dziedzińcu. Za palenie w pokoju pobieramy opłatę za sprzątanie w wysokości 150 €.",
            "palenie papieros taras",
        ),
        "es": (
            "¿Se puede fumar en la habitación?",
            "Todas las habitaciones son de no fumadores. Puede fumar en la terraza del patio. Fumar en la habitación conlleva un cargo de limpieza de 150 €.",
            "fumar cigarrillo terraza",
        ),
    },
]
