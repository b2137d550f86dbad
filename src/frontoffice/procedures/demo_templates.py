"""The demo hotel's message templates and scripts, as a hotel in Amsterdam would write them,
in the five languages of the desk. Plain text with placeholders (services.rendering)."""

# kind -> language -> (subject, body)
TEMPLATES = {
    "confirmation": {
        "en": (
            "Your booking at {establishment}: {confirmation}",
            "Dear {guest_name},\n\nThank you for booking with us. We are pleased to confirm your "
            "stay from {arrival} to {departure} ({nights} nights) in a {room_type}.\n\n"
            "Your confirmation number is {confirmation}. Please quote it if you need to change "
            "or cancel your booking.\n\nWe look forward to welcoming you.\n\nKind regards,\n"
            "The reception team of {establishment}",
        ),
        "nl": (
            "Uw reservering bij {establishment}: {confirmation}",
            "Beste {guest_name},\n\nHartelijk dank voor uw reservering. Graag bevestigen wij uw "
            "verblijf van {arrival} tot {departure} ({nights} nachten) in een {room_type}.\n\n"
            "Uw reserveringsnummer is {confirmation}. Vermeld dit nummer als u uw reservering "
            "wilt wijzigen of annuleren.\n\nWij heten u graag welkom.\n\nMet vriendelijke groet,\n"
            "De receptie van {establishment}",
        ),
        "de": (
            "Ihre Buchung im {establishment}: {confirmation}",
            "Sehr geehrte/r {guest_name},\n\nvielen Dank für Ihre Buchung. Gerne bestätigen wir "
            "Ihren Aufenthalt vom {arrival} bis {departure} ({nights} Nächte) in einem "
            "{room_type}.\n\nIhre Buchungsnummer lautet {confirmation}. Bitte geben Sie sie an, "
            "wenn Sie Ihre Buchung ändern oder stornieren möchten.\n\nWir freuen uns auf Ihren "
            "Besuch.\n\nMit freundlichen Grüßen\nIhr Rezeptionsteam des {establishment}",
        ),
        "pl": (
            "Potwierdzenie rezerwacji w {establishment}: {confirmation}",
            "Szanowni Państwo,\n\ndziękujemy za dokonanie rezerwacji. Z przyjemnością "
            "potwierdzamy pobyt w terminie {arrival} – {departure} (liczba nocy: {nights}), "
            "typ pokoju: {room_type}.\n\nNumer rezerwacji: {confirmation}. Prosimy podawać go "
            "przy każdej zmianie lub anulowaniu rezerwacji.\n\nCzekamy na Państwa przyjazd.\n\n"
            "Z wyrazami szacunku\nRecepcja {establishment}",
        ),
        "es": (
            "Su reserva en {establishment}: {confirmation}",
            "Estimado/a {guest_name}:\n\nMuchas gracias por su reserva. Nos complace confirmar "
            "su estancia del {arrival} al {departure} ({nights} noches) en una habitación "
            "{room_type}.\n\nSu número de confirmación es {confirmation}. Indíquelo si desea "
            "modificar o cancelar la reserva.\n\nEsperamos darle pronto la bienvenida.\n\n"
            "Un cordial saludo,\nEl equipo de recepción de {establishment}",
        ),
    },
    "pre_arrival": {
        "en": (
            "See you soon at {establishment}",
            "Dear {guest_name},\n\nYour stay with us begins on {arrival}. Check-in is from "
            "15:00; if you arrive earlier, we are happy to keep your luggage.\n\nIs there "
            "anything we can arrange before you arrive, such as a table for dinner or a taxi "
            "from the airport? Simply reply to this message.\n\nSee you soon,\n{establishment}",
        ),
        "nl": (
            "Tot binnenkort in {establishment}",
            "Beste {guest_name},\n\nUw verblijf bij ons begint op {arrival}. Inchecken kan vanaf "
            "15.00 uur; bent u eerder in Amsterdam, dan bewaren wij uw bagage graag.\n\nKunnen "
            "wij alvast iets voor u regelen, zoals een tafel voor het diner of een taxi vanaf "
            "Schiphol? Beantwoord dan gewoon dit bericht.\n\nTot ziens,\n{establishment}",
        ),
        "de": (
            "Bis bald im {establishment}",
            "Sehr geehrte/r {guest_name},\n\nIhr Aufenthalt bei uns beginnt am {arrival}. Der "
            "Check-in ist ab 15:00 Uhr möglich; wenn Sie früher ankommen, bewahren wir Ihr "
            "Gepäck gern auf.\n\nDürfen wir vorab etwas für Sie organisieren, etwa einen Tisch "
            "zum Abendessen oder ein Taxi vom Flughafen? Antworten Sie einfach auf diese "
            "Nachricht.\n\nBis bald\nIhr {establishment}",
        ),
        "pl": (
            "Do zobaczenia wkrótce w {establishment}",
            "Szanowni Państwo,\n\nPaństwa pobyt rozpoczyna się {arrival}. Zameldowanie jest "
            "możliwe od godziny 15:00; jeśli przyjadą Państwo wcześniej, chętnie przechowamy "
            "bagaż.\n\nCzy możemy coś przygotować przed przyjazdem, na przykład stolik na "
            "kolację lub taksówkę z lotniska? Wystarczy odpowiedzieć na tę wiadomość.\n\n"
            "Do zobaczenia\n{establishment}",
        ),
        "es": (
            "Hasta pronto en {establishment}",
            "Estimado/a {guest_name}:\n\nSu estancia con nosotros comienza el {arrival}. El "
            "check-in es a partir de las 15:00; si llega antes, con mucho gusto le guardamos el "
            "equipaje.\n\n¿Podemos organizarle algo antes de su llegada, como una mesa para "
            "cenar o un taxi desde el aeropuerto? Solo tiene que responder a este mensaje.\n\n"
            "Hasta pronto,\n{establishment}",
        ),
    },
    "welcome": {
        "en": (
            "Welcome to {establishment}, {first_name}",
            "Dear {guest_name},\n\nWelcome! We hope you have a wonderful stay. Breakfast is "
            'served from 7:00 to 10:30, the Wi-Fi network is "Amstel-Guest" and the reception '
            "is open day and night.\n\nIf there is anything you need, just call 9 from your "
            "room phone.\n\nEnjoy Amsterdam,\nThe team of {establishment}",
        ),
        "nl": (
            "Welkom in {establishment}, {first_name}",
            "Beste {guest_name},\n\nWelkom! Wij wensen u een heel prettig verblijf. Het ontbijt "
            'staat klaar van 7.00 tot 10.30 uur, het wifinetwerk heet "Amstel-Guest" en de '
            "receptie is dag en nacht open.\n\nKunnen wij iets voor u doen? Bel dan 9 vanaf de "
            "telefoon op uw kamer.\n\nGeniet van Amsterdam,\nHet team van {establishment}",
        ),
        "de": (
            "Willkommen im {establishment}, {first_name}",
            "Sehr geehrte/r {guest_name},\n\nherzlich willkommen! Wir wünschen Ihnen einen "
            "schönen Aufenthalt. Das Frühstück wird von 7:00 bis 10:30 Uhr serviert, das WLAN "
            "heißt „Amstel-Guest“ und die Rezeption ist rund um die Uhr für Sie da.\n\nWenn Sie "
            "etwas brauchen, wählen Sie einfach die 9 auf Ihrem Zimmertelefon.\n\nViel Freude "
            "in Amsterdam\nIhr Team des {establishment}",
        ),
        "pl": (
            "Witamy w {establishment}, {first_name}",
            "Szanowni Państwo,\n\nserdecznie witamy i życzymy udanego pobytu! Śniadanie "
            "serwujemy od 7:00 do 10:30, sieć Wi-Fi nazywa się „Amstel-Guest”, a recepcja jest "
            "czynna całą dobę.\n\nW razie potrzeby wystarczy wybrać 9 na telefonie w pokoju.\n\n"
            "Miłego pobytu w Amsterdamie\nZespół {establishment}",
        ),
        "es": (
            "Bienvenido/a a {establishment}, {first_name}",
            "Estimado/a {guest_name}:\n\n¡Bienvenido/a! Le deseamos una estancia estupenda. El "
            "desayuno se sirve de 7:00 a 10:30, la red wifi se llama «Amstel-Guest» y la "
            "recepción está abierta las 24 horas.\n\nSi necesita cualquier cosa, marque el 9 "
            "desde el teléfono de su habitación.\n\nQue disfrute de Ámsterdam,\nEl equipo de "
            "{establishment}",
        ),
    },
    "thank_you": {
        "en": (
            "Thank you for staying with us, {first_name}",
            "Dear {guest_name},\n\nThank you for choosing {establishment}. We hope you enjoyed "
            "your stay and had a good journey home.\n\nWe would be glad to welcome you again; "
            "when you book directly with us, just mention your last confirmation number, "
            "{confirmation}.\n\nWarm regards,\n{establishment}",
        ),
        "nl": (
            "Bedankt voor uw verblijf, {first_name}",
            "Beste {guest_name},\n\nHartelijk dank dat u voor {establishment} hebt gekozen. Wij "
            "hopen dat u van uw verblijf hebt genoten en een goede thuisreis hebt gehad.\n\n"
            "Wij zien u graag nog eens terug; vermeld bij een rechtstreekse boeking gerust uw "
            "vorige reserveringsnummer, {confirmation}.\n\nHartelijke groet,\n{establishment}",
        ),
        "de": (
            "Vielen Dank für Ihren Aufenthalt, {first_name}",
            "Sehr geehrte/r {guest_name},\n\nvielen Dank, dass Sie sich für das {establishment} "
            "entschieden haben. Wir hoffen, Sie haben Ihren Aufenthalt genossen und sind gut "
            "nach Hause gekommen.\n\nWir würden uns freuen, Sie wieder begrüßen zu dürfen; "
            "nennen Sie bei einer direkten Buchung gern Ihre letzte Buchungsnummer, "
            "{confirmation}.\n\nHerzliche Grüße\nIhr {establishment}",
        ),
        "pl": (
            "Dziękujemy za pobyt, {first_name}",
            "Szanowni Państwo,\n\ndziękujemy za wybór {establishment}. Mamy nadzieję, że pobyt "
            "był udany, a podróż do domu przebiegła spokojnie.\n\nBędzie nam miło gościć "
            "Państwa ponownie; przy rezerwacji bezpośredniej prosimy podać numer ostatniej "
            "rezerwacji: {confirmation}.\n\nSerdecznie pozdrawiamy\n{establishment}",
        ),
        "es": (
            "Gracias por alojarse con nosotros, {first_name}",
            "Estimado/a {guest_name}:\n\nGracias por elegir {establishment}. Esperamos que haya "
            "disfrutado de su estancia y que haya tenido un buen viaje de vuelta.\n\nNos "
            "encantará recibirle de nuevo; si reserva directamente con nosotros, indique su "
            "último número de confirmación, {confirmation}.\n\nUn saludo muy cordial,\n"
            "{establishment}",
        ),
    },
    "apology": {
        "en": (
            "Our apologies, {first_name}",
            "Dear {guest_name},\n\nWe are truly sorry that your stay did not go as it should "
            "have. Thank you for letting us know: we have looked into it and are taking steps "
            "so that it does not happen again.\n\nIf there is anything more we can do, please "
            "reply to this message or ask for the front office manager.\n\nWith our "
            "apologies,\n{establishment}",
        ),
        "nl": (
            "Onze excuses, {first_name}",
            "Beste {guest_name},\n\nHet spijt ons oprecht dat uw verblijf niet verliep zoals "
            "het hoort. Dank u dat u het ons hebt laten weten: wij hebben het uitgezocht en "
            "nemen maatregelen zodat het niet opnieuw gebeurt.\n\nKunnen wij nog iets voor u "
            "doen? Beantwoord dan dit bericht of vraag naar de front office manager.\n\n"
            "Met onze excuses,\n{establishment}",
        ),
        "de": (
            "Wir bitten um Entschuldigung, {first_name}",
            "Sehr geehrte/r {guest_name},\n\nes tut uns aufrichtig leid, dass Ihr Aufenthalt "
            "nicht so verlaufen ist, wie er sollte. Danke, dass Sie uns darauf hingewiesen "
            "haben: Wir sind der Sache nachgegangen und sorgen dafür, dass es nicht wieder "
            "vorkommt.\n\nWenn wir noch etwas für Sie tun können, antworten Sie bitte auf "
            "diese Nachricht oder fragen Sie nach dem Front Office Manager.\n\nMit der Bitte "
            "um Entschuldigung\nIhr {establishment}",
        ),
        "pl": (
            "Przepraszamy, {first_name}",
            "Szanowni Państwo,\n\nbardzo nam przykro, że pobyt nie przebiegł tak, jak powinien. "
            "Dziękujemy za zgłoszenie: sprawdziliśmy sprawę i podejmujemy kroki, aby sytuacja "
            "się nie powtórzyła.\n\nJeśli możemy jeszcze coś zrobić, prosimy o odpowiedź na tę "
            "wiadomość lub kontakt z kierownikiem recepcji.\n\nZ przeprosinami\n{establishment}",
        ),
        "es": (
            "Le pedimos disculpas, {first_name}",
            "Estimado/a {guest_name}:\n\nLamentamos sinceramente que su estancia no haya sido "
            "como debía. Gracias por comunicárnoslo: lo hemos revisado y estamos tomando "
            "medidas para que no vuelva a ocurrir.\n\nSi podemos hacer algo más por usted, "
            "responda a este mensaje o pregunte por el jefe de recepción.\n\nCon nuestras "
            "disculpas,\n{establishment}",
        ),
    },
}

# (channel, kind) -> language -> (title, body)
PROTOCOLS = {
    ("desk", "greeting"): {
        "en": (
            "Greeting a guest at the desk",
            "Stand up, make eye contact and smile before the guest reaches the desk.\n"
            '"Good morning / Good afternoon / Good evening, welcome to Hotel Amstel. How may I '
            "help you?\"\nUse the guest's name as soon as you know it. If you are on the phone, "
            "acknowledge the guest with a nod and finish the call quickly.",
        ),
        "nl": (
            "Een gast begroeten aan de balie",
            "Sta op, maak oogcontact en glimlach voordat de gast bij de balie is.\n"
            '"Goedemorgen / Goedemiddag / Goedenavond, welkom in Hotel Amstel. Waarmee kan ik u '
            'helpen?"\nGebruik de naam van de gast zodra u die kent. Bent u aan de telefoon, '
            "knik de gast dan vriendelijk toe en rond het gesprek snel af.",
        ),
        "de": (
            "Begrüßung an der Rezeption",
            "Stehen Sie auf, suchen Sie Blickkontakt und lächeln Sie, bevor der Gast die "
            "Rezeption erreicht.\n„Guten Morgen / Guten Tag / Guten Abend, willkommen im Hotel "
            "Amstel. Was kann ich für Sie tun?“\nSprechen Sie den Gast mit Namen an, sobald Sie "
            "ihn kennen. Wenn Sie gerade telefonieren, nicken Sie dem Gast zu und beenden Sie "
            "das Gespräch zügig.",
        ),
        "pl": (
            "Powitanie gościa w recepcji",
            "Wstań, nawiąż kontakt wzrokowy i uśmiechnij się, zanim gość podejdzie do lady.\n"
            "„Dzień dobry / Dobry wieczór, witamy w Hotelu Amstel. W czym mogę pomóc?”\n"
            "Zwracaj się do gościa po nazwisku, gdy tylko je znasz. Jeśli rozmawiasz przez "
            "telefon, skiń gościowi głową i szybko zakończ rozmowę.",
        ),
        "es": (
            "Saludo al huésped en recepción",
            "Póngase de pie, mire al huésped a los ojos y sonría antes de que llegue al "
            "mostrador.\n«Buenos días / Buenas tardes / Buenas noches, bienvenido/a al Hotel "
            "Amstel. ¿En qué puedo ayudarle?»\nUse el nombre del huésped en cuanto lo sepa. Si "
            "está al teléfono, salúdele con un gesto y termine la llamada cuanto antes.",
        ),
    },
    ("phone", "greeting"): {
        "en": (
            "Answering the phone",
            'Answer within three rings.\n"Good morning, Hotel Amstel, this is [your name] '
            'speaking. How may I help you?"\nBefore putting a caller on hold, ask: "May I put '
            'you on hold for a moment?" and wait for the answer.',
        ),
        "nl": (
            "De telefoon opnemen",
            'Neem op binnen drie keer overgaan.\n"Goedemorgen, Hotel Amstel, u spreekt met '
            '[uw naam]. Waarmee kan ik u helpen?"\nVraag voordat u iemand in de wacht zet: '
            '"Mag ik u even in de wacht zetten?" en wacht het antwoord af.',
        ),
        "de": (
            "Annahme eines Anrufs",
            "Nehmen Sie spätestens nach dem dritten Klingeln ab.\n„Guten Morgen, Hotel Amstel, "
            "Sie sprechen mit [Ihr Name]. Was kann ich für Sie tun?“\nBevor Sie jemanden in die "
            "Warteschleife legen, fragen Sie: „Darf ich Sie kurz in die Warteschleife legen?“ "
            "und warten Sie die Antwort ab.",
        ),
        "pl": (
            "Odbieranie telefonu",
            "Odbierz najpóźniej po trzecim sygnale.\n„Dzień dobry, Hotel Amstel, mówi [imię]. "
            "W czym mogę pomóc?”\nZanim zawiesisz rozmowę, zapytaj: „Czy mogę na chwilę "
            "zawiesić połączenie?” i poczekaj na odpowiedź.",
        ),
        "es": (
            "Atender el teléfono",
            "Conteste antes del tercer tono.\n«Buenos días, Hotel Amstel, le atiende [su "
            "nombre]. ¿En qué puedo ayudarle?»\nAntes de dejar a alguien en espera, pregunte: "
            "«¿Le importa esperar un momento?» y espere la respuesta.",
        ),
    },
    ("phone", "call_script"): {
        "en": (
            "Taking a booking by phone",
            "1. Ask for the dates of arrival and departure and the number of guests.\n2. Offer "
            "the room types available, with the price per night and what is included.\n3. Take "
            "the guest's name, email and phone number; spell the name back.\n4. Repeat the "
            'booking in full and give the confirmation number.\n5. "Thank you for your '
            'booking, we look forward to welcoming you."',
        ),
        "nl": (
            "Een reservering per telefoon aannemen",
            "1. Vraag naar de aankomst- en vertrekdatum en het aantal personen.\n2. Bied de "
            "beschikbare kamertypes aan, met de prijs per nacht en wat erbij inbegrepen is.\n3. "
            "Noteer naam, e-mailadres en telefoonnummer; spel de naam ter controle terug.\n4. "
            'Herhaal de hele reservering en geef het reserveringsnummer.\n5. "Dank u wel voor '
            'uw reservering, wij zien u graag binnenkort."',
        ),
        "de": (
            "Telefonische Buchung annehmen",
            "1. Fragen Sie nach An- und Abreisedatum und der Zahl der Gäste.\n2. Nennen Sie die "
            "verfügbaren Zimmerkategorien mit Preis pro Nacht und den enthaltenen Leistungen.\n"
            "3. Notieren Sie Name, E-Mail-Adresse und Telefonnummer; buchstabieren Sie den "
            "Namen zur Kontrolle.\n4. Wiederholen Sie die Buchung vollständig und nennen Sie "
            "die Buchungsnummer.\n5. „Vielen Dank für Ihre Buchung, wir freuen uns auf Sie.“",
        ),
        "pl": (
            "Przyjmowanie rezerwacji telefonicznej",
            "1. Zapytaj o datę przyjazdu i wyjazdu oraz liczbę osób.\n2. Przedstaw dostępne "
            "typy pokoi, cenę za noc i to, co jest w niej zawarte.\n3. Zapisz imię i nazwisko, "
            "e-mail i numer telefonu; przeliteruj nazwisko dla pewności.\n4. Powtórz całą "
            "rezerwację i podaj numer rezerwacji.\n5. „Dziękujemy za rezerwację, czekamy na "
            "Państwa.”",
        ),
        "es": (
            "Tomar una reserva por teléfono",
            "1. Pregunte las fechas de llegada y salida y el número de personas.\n2. Ofrezca "
            "los tipos de habitación disponibles, con el precio por noche y lo que incluye.\n3. "
            "Anote nombre, correo electrónico y teléfono; deletree el apellido para "
            "comprobarlo.\n4. Repita la reserva completa y facilite el número de "
            "confirmación.\n5. «Muchas gracias por su reserva, le esperamos con mucho gusto.»",
        ),
    },
    ("email", "greeting"): {
        "en": (
            "Answering an email",
            'Reply within four hours during the day.\nOpen with "Dear Mr/Ms [last name]," '
            "and thank the guest for their message. Answer every question asked, in the "
            'guest\'s language. Close with "Kind regards," your first name and "Reception, '
            'Hotel Amstel".',
        ),
        "nl": (
            "Een e-mail beantwoorden",
            'Antwoord overdag binnen vier uur.\nBegin met "Geachte heer/mevrouw '
            '[achternaam]," en bedank de gast voor het bericht. Beantwoord elke vraag, in de '
            'taal van de gast. Sluit af met "Met vriendelijke groet," uw voornaam en '
            '"Receptie, Hotel Amstel".',
        ),
        "de": (
            "Beantwortung einer E-Mail",
            "Antworten Sie tagsüber innerhalb von vier Stunden.\nBeginnen Sie mit „Sehr "
            "geehrte Frau / Sehr geehrter Herr [Nachname],“ und danken Sie für die Nachricht. "
            "Beantworten Sie jede Frage in der Sprache des Gastes. Schließen Sie mit „Mit "
            "freundlichen Grüßen“, Ihrem Vornamen und „Rezeption, Hotel Amstel“.",
        ),
        "pl": (
            "Odpowiadanie na e-mail",
            "W ciągu dnia odpowiadaj w ciągu czterech godzin.\nZacznij od „Szanowna Pani / "
            "Szanowny Panie [nazwisko],” i podziękuj za wiadomość. Odpowiedz na każde pytanie, "
            "w języku gościa. Zakończ słowami „Z wyrazami szacunku”, swoim imieniem i "
            "„Recepcja, Hotel Amstel”.",
        ),
        "es": (
            "Responder a un correo electrónico",
            "Durante el día, responda en un plazo de cuatro horas.\nEmpiece con «Estimado/a "
            "Sr./Sra. [apellido]:» y agradezca el mensaje. Responda a todas las preguntas, en "
            "el idioma del huésped. Despídase con «Un cordial saludo,», su nombre y "
            "«Recepción, Hotel Amstel».",
        ),
    },
}
