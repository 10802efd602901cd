"""The text labeller on small documents: what stays body and what goes, with the rule."""
import pytest
from pipeline import clean
from pipeline.text import label, normalise_line
from hypothesis import given, settings
from hypothesis import strategies as st

PARAS = [
    "The city council met on Monday evening to discuss the new budget, which has been delayed for months.",
    "Officials said the plan would raise spending on schools and roads while cutting administrative costs.",
    "Residents who attended the meeting asked questions about property taxes and the future of the library.",
    "The mayor said a final vote is expected next month, after the council holds two more public hearings.",
]


def _kinds(text):
    return [(b.kind, b.text) for b in label(text).blocks]


def test_a_line_introducing_a_quote_does_not_open_a_comment_section():
    text = "\n\n".join(["Council debates budget"] + PARAS + [
        "In a statement, the ministry said:",
        "\u201cWe will review the plan carefully before the vote next month,\u201d it added in the statement.",
        "Council members said they were optimistic that a compromise could be reached before the deadline."])
    doc = clean(text)
    assert "optimistic that a compromise" in doc.body
    assert "review the plan carefully" in doc.body
    assert not [r for r in doc.removed if r.kind == "comment"]


def test_a_comment_section_head_ends_the_article():
    text = "\n\n".join(["Council debates budget"] + PARAS + [
        "3 Comments", "jsmith says:", "This is a terrible plan and the council should be ashamed of itself."])
    doc = clean(text)
    assert "terrible plan" not in doc.body
    assert {r.rule for r in doc.removed} >= {"comment_prompt.section", "context.comment_section"}


def test_by_opening_a_sentence_is_no_byline():
    text = "\n\n".join(["Floods recede", "By Friday, the river had fallen below flood level in most towns."] + PARAS)
    assert "By Friday, the river had fallen" in clean(text).body


def test_a_short_closing_sentence_stays_with_the_article():
    text = "\n\n".join(["Floods recede"] + PARAS + ["By Friday, the river had fallen below flood level."])
    assert clean(text).body.endswith("By Friday, the river had fallen below flood level.")


def test_an_acronym_opening_a_sentence_is_no_dateline():
    text = "\n\n".join(["Alliance under strain",
                        "NATO \u2014 the alliance founded in 1949 \u2014 is under strain as members argue over spending."] + PARAS)
    doc = clean(text)
    assert doc.dateline is None
    assert doc.body.startswith("NATO \u2014 the alliance")


def test_furniture_worded_as_a_sentence_stays_inside_the_article():
    middle = "Flights to Lisbon are available from as little as \u00a330 this winter, the airline said on Monday."
    doc = clean("\n\n".join(["Cheap flights"] + PARAS[:2] + [middle] + PARAS[2:]))
    assert middle.replace("\u00a0", " ") in doc.body


def test_the_same_furniture_at_the_end_is_removed_with_its_rule():
    appeal = "Support The OBSERVATORY from as little as $1 \u2013 it only takes a minute. Thank you."
    doc = clean("\n\n".join(["Cheap flights"] + PARAS + [appeal]))
    assert appeal not in doc.body
    assert [(r.kind, r.rule) for r in doc.removed if r.text == appeal] == [("donation", "donation.appeal")]


# --- the article's head in many languages: date lines, bylines, the printed headline ------------

# Prose in each language, long enough to be the article (written for these tests).
PROSE = {
    "de": ["Der Stadtrat hat am Montagabend über den neuen Haushalt beraten, der seit Monaten verzögert wird.",
           "Die Verwaltung sagte, der Plan werde die Ausgaben für Schulen und Straßen erhöhen und Kosten senken.",
           "Viele Bürger fragten in der Sitzung nach der Grundsteuer und nach der Zukunft der alten Bibliothek.",
           "Die Bürgermeisterin sagte, die Abstimmung werde im nächsten Monat nach zwei Anhörungen stattfinden."],
    "fr": ["Le conseil municipal s'est réuni lundi soir pour discuter du nouveau budget, retardé depuis des mois.",
           "Les responsables ont dit que le plan augmenterait les dépenses pour les écoles et pour les routes.",
           "Les habitants présents ont posé des questions sur les impôts locaux et sur l'avenir de la bibliothèque.",
           "Le maire a dit que le vote final aura lieu le mois prochain, après deux nouvelles audiences publiques."],
    "es": ["El ayuntamiento se reunió el lunes por la noche para hablar del nuevo presupuesto, retrasado meses.",
           "Los responsables dijeron que el plan aumentará el gasto en escuelas y carreteras de toda la ciudad.",
           "Los vecinos que asistieron preguntaron por los impuestos y por el futuro de la biblioteca municipal.",
           "La alcaldesa dijo que la votación final será el mes que viene, después de dos audiencias públicas."],
    "it": ["Il consiglio comunale si è riunito lunedì sera per discutere il nuovo bilancio, rinviato da mesi.",
           "I responsabili hanno detto che il piano aumenterà la spesa per le scuole e per le strade della città.",
           "I cittadini presenti hanno chiesto delle tasse locali e del futuro della vecchia biblioteca comunale.",
           "Il sindaco ha detto che il voto finale ci sarà il mese prossimo, dopo altre due audizioni pubbliche."],
    "pt": ["A câmara municipal reuniu-se na segunda-feira à noite para discutir o novo orçamento, adiado há meses.",
           "Os responsáveis disseram que o plano vai aumentar a despesa com escolas e estradas em toda a cidade.",
           "Os moradores presentes fizeram perguntas sobre os impostos e sobre o futuro da biblioteca municipal.",
           "O presidente da câmara disse que a votação final será no próximo mês, depois de duas audiências."],
    "nl": ["De gemeenteraad kwam maandagavond bijeen om de nieuwe begroting te bespreken, die maanden vertraagd is.",
           "De ambtenaren zeiden dat het plan de uitgaven voor scholen en wegen in de hele stad zal verhogen.",
           "Bewoners die de vergadering bijwoonden stelden vragen over de belastingen en over de oude bibliotheek.",
           "De burgemeester zei dat de stemming volgende maand plaatsvindt, na nog twee openbare hoorzittingen."],
}
MENU = ["Home", "Politik", "Sport", "Kultur"]


def _page(language, head):
    return "\n\n".join(MENU + head + PROSE[language] + ["Impressum", "Datenschutz"])


def test_german_byline_with_date_gives_authors_and_date():
    doc = clean(_page("de", ["Haushalt verzögert sich weiter", "Von Anna Schmidt und Jonas Weber | 12.03.2024, 10:15 Uhr"]))
    assert doc.authors == ("Anna Schmidt", "Jonas Weber")
    assert doc.published == "2024-03-12T10:15:00"
    assert "Von Anna Schmidt" not in doc.body


def test_french_date_line_takes_the_publication_not_the_update():
    doc = clean(_page("fr", ["Le budget encore retardé", "Par Marie Dupont",
                             "Publié le 30 août 2023 à 14h52, modifié le 31 août 2023 à 15h54"]))
    assert doc.published == "2023-08-30T14:52:00"
    assert doc.authors == ("Marie Dupont",)


def test_spanish_byline_and_day_first_numeric_date():
    doc = clean(_page("es", ["El presupuesto sigue retrasado", "Por Luna Pérez", "02/12/2024 10:22"]))
    assert doc.authors == ("Luna Pérez",)
    assert doc.published == "2024-12-02T10:22:00"  # day first outside English


def test_english_numeric_date_is_month_first():
    doc = clean("\n\n".join(MENU + ["Budget delayed again", "By Jane Smith", "02/12/2024 10:22"] + PARAS))
    assert doc.published == "2024-02-12T10:22:00"  # the article's language decides the order


def test_italian_byline_and_month_name():
    doc = clean(_page("it", ["Il bilancio è ancora in ritardo", "di Marco Rossi", "5 gennaio 2025"]))
    assert (doc.authors, doc.published) == (("Marco Rossi",), "2025-01-05")


def test_portuguese_date_with_de():
    doc = clean(_page("pt", ["O orçamento continua atrasado", "Por João Silva", "22 de janeiro de 2018"]))
    assert (doc.authors, doc.published) == (("João Silva",), "2018-01-22")


def test_dutch_byline_with_particle():
    doc = clean(_page("nl", ["Begroting opnieuw vertraagd", "door Jan de Vries", "3 mei 2024"]))
    assert (doc.authors, doc.published) == (("Jan de Vries",), "2024-05-03")


def test_posted_on_date_by_name():
    doc = clean("\n\n".join(["Council debates budget", "Posted on January 10, 2020 9:00AM (UTC) by Jane Smith"] + PARAS))
    assert doc.published == "2020-01-10T09:00:00+00:00"
    assert doc.authors == ("Jane Smith",)


def test_a_name_followed_by_a_role_keeps_the_name():
    doc = clean("\n\n".join(["Council debates budget", "By Jane Smith Education editor", "Mon 20 Jan 2020 06.05 GMT"]
                            + PARAS))
    assert doc.authors == ("Jane Smith",)
    assert doc.published == "2020-01-20T06:05:00+00:00"


def test_a_bare_name_line_under_the_date_is_the_byline():
    doc = clean(_page("de", ["Haushalt verzögert sich weiter", "6. August 2009", "Anna Schmidt"]))
    assert (doc.authors, doc.published) == (("Anna Schmidt",), "2009-08-06")
    assert [r.rule for r in doc.removed if r.text == "Anna Schmidt"] == ["head.byline_name"]


def test_an_update_line_gives_way_to_the_publication_line():
    doc = clean("\n\n".join(["Council debates budget", "Updated 12 March 2024", "Published 10 March 2024"] + PARAS))
    assert doc.published == "2024-03-10"


def test_a_relative_date_is_removed_with_its_reason_and_no_date_is_invented():
    doc = clean("\n\n".join(["Council debates budget", "Published 3 hours ago"] + PARAS))
    assert doc.published is None
    assert [(r.kind, r.rule) for r in doc.removed if r.text == "Published 3 hours ago"] == [
        ("date_line", "date_line.relative")]


def test_sentences_opening_with_intro_words_stay_in_the_body():
    von = "Von der Leyen sagte am Dienstag, die Kommission werde den Plan prüfen und bald entscheiden."
    par = "Par ailleurs, le gouvernement a annoncé une aide pour les écoles et pour les routes de la ville."
    doc = clean(_page("de", ["Haushalt verzögert sich weiter"] + [von]))
    assert von in doc.body and doc.authors == ()
    doc = clean(_page("fr", ["Le budget encore retardé"] + [par]))
    assert par in doc.body and doc.authors == ()


def test_the_printed_headline_under_the_page_title_and_a_kicker_wins():
    doc = clean("\n\n".join(["Stadtrat streitet über Haushalt und Bibliothek | Stadtblatt"] + MENU + [
        "Stadtrat streitet über Haushalt und Bibliothek", "Kommunalpolitik",
        "Haushalt verzögert sich: Stadtrat vertagt die Bibliothek"] + PROSE["de"]))
    assert doc.title == "Haushalt verzögert sich: Stadtrat vertagt die Bibliothek"


def test_site_suffix_in_a_script_without_spaces():
    doc = clean("\n\n".join(["市議会が予算案を審議、図書館の将来に質問相次ぐ:市民新聞Web"] + PARAS))
    assert doc.title == "市議会が予算案を審議、図書館の将来に質問相次ぐ"
    assert doc.source.site_name == "市民新聞Web"


def test_a_comment_link_under_the_headline_does_not_end_the_article():
    doc = clean("\n\n".join(["Council debates budget", "Join the conversation"] + PARAS))
    assert PARAS[-1] in doc.body


def test_opening_paragraphs_above_the_byline_are_not_dropped():
    standfirst = "Berlin. Der Stadtrat vertagt den Haushalt erneut, und die Bibliothek bleibt vorerst geschlossen."
    opening = "Seit Januar wird über das Geld gestritten, eine Einigung ist nach Angaben der Fraktionen nicht in Sicht."
    doc = clean(_page("de", ["Haushalt verzögert sich weiter", standfirst, "Grafik: Stadtblatt", opening,
                             "Von Anna Schmidt", "12.03.2024"]))
    assert doc.subtitle == standfirst or doc.body.startswith(standfirst)
    assert opening in doc.body and doc.body.index(opening) < doc.body.index(PROSE["de"][0])
    assert doc.authors == ("Anna Schmidt",)


def test_a_caption_repeated_through_a_gallery_is_not_body():
    caption = "Die Bibliothek am Marktplatz, aufgenommen im Frühjahr vor der Schließung des Hauses."
    paras = PROSE["de"]
    page = ["Haushalt verzögert sich weiter"] + [x for p in paras for x in (p, caption)]
    doc = clean("\n\n".join(MENU + page))
    assert caption not in doc.body
    assert all(p in doc.body for p in paras)


def test_a_name_with_a_role_phrase_or_a_relative_time_is_a_byline():
    doc = clean("\n\n".join(["Council debates budget", "Jane Smith Deputy Content Hub Director", "12 March 2024"] + PARAS))
    assert doc.authors == ("Jane Smith",)
    doc = clean("\n\n".join(["Council debates budget", "Jane Smith | Published 4 months ago"] + PARAS))
    assert doc.authors == ("Jane Smith",) and doc.published is None


def test_a_name_under_the_last_paragraph_signs_the_article_but_a_list_of_names_does_not():
    signed = clean("\n\n".join(["Council debates budget"] + PARAS + ["Jane Smith"]))
    assert signed.authors == ("Jane Smith",)
    tagged = clean("\n\n".join(["Council debates budget"] + PARAS + ["Jane Smith", "Tom Jones"]))
    assert tagged.authors == ()


def test_labels_that_look_like_names_are_not_bylines():
    # 'Share Save' reads like a name, but the page writes its words in lower case.
    page = ["Council debates budget", "Share Save", "12 March 2024"] + PARAS + [
        "Readers can share the story or save it for later reading in their account."]
    assert clean("\n\n".join(page)).authors == ()


def test_a_name_the_lede_writes_about_is_the_story_subject_not_the_byline():
    lede = ("Maria Rossi, the city's new harbour master, said on Monday that the port would reopen "
            "to ferries within a week after the storm damaged two piers.")
    subject = clean("\n\n".join(["Harbour to reopen after storm", "12 March 2024", "Maria Rossi", lede] + PARAS))
    assert subject.authors == ()
    # A writer the lede introduces by role is still the writer.
    by_role = ("Our correspondent Maria Rossi spent Monday at the port, where ferries will be "
               "back within a week after the storm damaged two piers.")
    writer = clean("\n\n".join(["Harbour to reopen after storm", "12 March 2024", "Maria Rossi", by_role] + PARAS))
    assert writer.authors == ("Maria Rossi",)


MORE = ["The council also discussed a proposal to extend the opening hours of the central library on weekends.",
        "Several members asked for an independent review of the bus contracts before any new money is spent."]


def test_a_date_line_under_the_lede_does_not_outrank_the_heads_update_line():
    # 'Updated' gives way to another date of the head, but not to a teaser's date in the article.
    long = [p + " " + q for p, q in zip(PARAS, reversed(PARAS))]
    page = (["Council debates budget | City News", "Home", "Politics", "Council debates budget",
             "Updated: 12.03.2024 17:23", long[0], "By Anna Smith", long[1], "Setbacks", long[2],
             "Analysis 11.04.2022", "Why the council keeps missing its deadlines",
             "The budget has been late three years in a row. more", long[3]] + MORE + long)
    assert clean("\n\n".join(page)).published == "2024-03-12T17:23:00"


def test_a_date_over_the_headline_beats_one_deep_in_the_article():
    # Menu items between the date and the headline; a date line deep in the article heads a
    # timeline or a teaser.
    page = (["Home", "World", "Audio", "15.04.2026, 14:36", "Audio", ">", "Council debates budget"] + PARAS + MORE
            + ["21.03.2025, 10:13"] + PARAS[:2] + ["Imprint", "Privacy"])
    assert clean("\n\n".join(page)).published == "2026-04-15T14:36:00"


def test_the_page_titles_date_outranks_dates_deep_in_the_article():
    page = (["Council debates budget – City News – 13.06.2023", "Home", "Council debates budget"] + PARAS + MORE
            + ["Science 27.02.2016 27 February 2016 9 pictures"] + PARAS[:2] + ["Imprint", "Privacy"])
    assert clean("\n\n".join(page)).published == "2023-06-13"


def test_a_captions_date_dates_the_photo_not_the_article():
    page = (["Council debates budget", "Protesters outside the town hall on 15 May 2025. Photo: Jane Doe/Reuters",
             "By Anna Smith", "Friday, 29 May 2025 4:55 PM"] + PARAS)
    doc = clean("\n\n".join(page))
    assert doc.published == "2025-05-29T16:55:00"
    # Nor is it the article's date when the page prints no other, and its photographer is no author.
    alone = clean("\n\n".join(["Council debates budget",
                                "Powell testifies in Washington, March 6, 2024. REUTERS/Kevin Lamarque"] + PARAS))
    assert (alone.published, alone.authors) == (None, ())
    assert alone.captions[0].credit == "REUTERS/Kevin Lamarque"


def test_a_time_printed_before_the_date_is_kept():
    doc = clean("\n\n".join(["Council debates budget", "Updated 1:33 am CST, Wednesday, November 20, 2019"] + PARAS))
    assert doc.published == "2019-11-20T01:33:00-06:00"


def test_a_photos_date_in_a_teaser_is_no_publication_date():
    photo = "Mayor Jane Doe speaks at a campaign event, Monday, Sept. 2, 2024, in Detroit. (Photo/Carlos Osorio)"
    page = ["Menu", "Home", "Politics", photo, photo, "Read more", "Share", "Print"] + PARAS
    assert clean("\n\n".join(page)).published is None
    # A date line taken for a teaser still counts when a posting label leads it.
    posted = ["Menu", "Home", "Politics", "Posted by kovarex, TOGos and Albert on 2019-02-15, all posts",
              "Read more", "Share", "Print"] + PARAS
    assert clean("\n\n".join(posted)).published == "2019-02-15"


def test_a_date_line_led_by_von_gives_the_author_too():
    doc = clean(_page("de", ["Haushalt verzögert sich weiter",
                             "Von Julia Brandt · 14.03.2025, 16:05 Uhr · Lesezeit: 4 Min."]))
    assert (doc.authors, doc.published) == (("Julia Brandt",), "2025-03-14T16:05:00")


@pytest.mark.parametrize("read_also", ["Read also: Finance ministry proposes new rules for deposits",
                                       "Читайте также: Минфин предложил новые правила для вкладов"])
def test_a_closing_statement_after_a_read_also_link_stays_in_the_article(read_also):
    page = (["Central bank holds key rate", "21 March 2025",
             "The central bank left its key rate unchanged on Friday after a meeting of its board of directors, "
             "the regulator said on its website.", read_also, "The next rate meeting is scheduled for April 25."])
    doc = clean("\n\n".join(page))
    assert doc.body.endswith("The next rate meeting is scheduled for April 25.")
    assert [r.kind for r in doc.removed if r.text == read_also] == ["related_links"]


def test_a_korean_reporters_sign_off_is_the_byline():
    page = ["서울시, 심야 자율주행버스 노선 2개 추가 운행",
            "서울시가 다음 달부터 심야 자율주행버스 노선 두 곳을 새로 운행한다고 13일 밝혔다. 새 노선은 신촌~동대문과 "
            "사당~강남역 구간으로, 평일 밤 11시 30분부터 새벽 5시까지 운행된다.",
            "다만 운전석에는 비상 상황에 대비해 안전요원이 계속 탑승한다.", "김민수 기자 minsu.kim@hanbit-ilbo.kr"]
    doc = clean("\n\n".join(page))
    assert doc.authors == ("김민수",)
    assert [r.rule for r in doc.removed if "김민수" in r.text] == ["byline.reporter_ko"]


def test_a_list_and_its_lead_in_between_paragraphs_stay_in_the_article():
    page = ["Budget: the key measures at a glance",
            "The Chancellor set out his spending plans in the Commons on Wednesday. Here are the main announcements:",
            "• Income tax cut by 2p from April", "• Fuel duty frozen for another year",
            "• Child benefit threshold raised to 60,000 pounds",
            "Labour said the measures did nothing to repair public services, and called for an election."]
    doc = clean("\n\n".join(page))
    assert doc.body.split("\n\n") == page[1:]


@pytest.mark.parametrize("byline, names", [
    ("By JANE DOE, JOHN ROE and MARY POE", ("Jane Doe", "John Roe", "Mary Poe")),
    ("Muhabir: Elif Yıldız", ("Elif Yıldız",)), ("Pewarta: Budi Santoso", ("Budi Santoso",)),
    # scripts without capitals: the intro word says a name follows
    ("रिपोर्ट: अंकित शर्मा, जयपुर", ("अंकित शर्मा",)), ("מאת יואב כהן", ("יואב כהן",)),
    ("بقلم: أحمد المنصوري", ("أحمد المنصوري",)), ("Της Ελένης Παπαδοπούλου", ("Ελένης Παπαδοπούλου",))])
def test_byline_shapes_give_every_name(byline, names):
    assert clean("\n\n".join(["Council debates budget", byline] + PARAS)).authors == names


def test_an_editors_note_over_the_byline_stays_in_the_article():
    note = "Editor's note: This story has been updated to include comment from the union."
    doc = clean("\n\n".join(["School board votes to close two schools", note, "By Dana Whitfield"] + PARAS))
    assert doc.subtitle is None and doc.body.startswith(note)


def test_a_headline_over_a_captioned_photo_is_the_title():
    page = ["Exclusive", "Sydney rents hit record high as vacancy rate falls below 1 per cent",
            "Rental properties in Sydney's inner west. Picture: NCA NewsWire / Gaye Gerard",
            "Sydney's rental vacancy rate has fallen to 0.9 per cent, the lowest figure on record, new data shows."] + PARAS
    assert clean("\n".join(page)).title == "Sydney rents hit record high as vacancy rate falls below 1 per cent"


def test_a_printed_headline_over_a_standfirst_without_a_full_stop_beats_the_page_title():
    page = ["Rovers 2-1 Town: Okafor's late header wins derby | Valley Echo",
            "Late Okafor header keeps Rovers' play-off hopes alive",
            "Substitute striker scores in the 89th minute as ten-man Rovers edge a tense derby at Meadow Lane",
            "By Tom Hardy and Jess Oyelaran",
            "Rovers kept their play-off hopes alive on Saturday as substitute Daniel Okafor headed home an "
            "89th-minute winner to beat Town 2-1 in front of a sell-out crowd."] + PARAS
    doc = clean("\n\n".join(page))
    assert (doc.title, doc.subtitle) == (page[1], page[2])


def test_a_table_between_paragraphs_does_not_end_the_article():
    rows = ["Product May June", "Tomatoes 12.4% -8.1%", "Potatoes 9.7% -5.3%", "Beans 1.2% 0.4%"]
    closing = ("The economist Paul Vianna says the trend should continue until September, but warns about "
               "the effect of the drought on coffee and orange crops.")
    doc = clean("\n\n".join(["Food inflation falls for a third month"] + PARAS[:2]) + "\n\n" + "\n".join(rows)
                + "\n\n" + closing)
    assert doc.body.split("\n\n")[-1] == closing and "Tomatoes 12.4% -8.1%" in doc.body


def test_thai_paragraphs_without_sentence_marks_are_the_article():
    page = ["เชียงใหม่ค่าฝุ่นพุ่งสูงสุดในโลก โรงเรียนสั่งปิด 3 วัน",
            "จังหวัดเชียงใหม่ประกาศปิดโรงเรียนในสังกัดทุกแห่งเป็นเวลา 3 วัน หลังจากค่าฝุ่นละอองพุ่งสูงถึง 280 "
            "ไมโครกรัมต่อลูกบาศก์เมตร ซึ่งสูงที่สุดในโลกเมื่อเช้าวันนี้",
            "สำนักงานสาธารณสุขจังหวัดแนะนำให้ประชาชนสวมหน้ากากอนามัยชนิด N95 เมื่อออกนอกบ้าน "
            "และงดกิจกรรมกลางแจ้งจนกว่าสถานการณ์จะดีขึ้น"]
    doc = clean("\n\n".join(page))
    assert doc.body.split("\n\n") == page[1:] and doc.language == "th"


@pytest.mark.parametrize("over", [["Sanierung der Hauptstrecken"], ["Le Courrier de l'Ouest", "Grand format"]])
def test_a_kicker_or_the_sites_name_over_the_headline_is_no_title(over):
    headline = "Bahn streicht ab Juni Dutzende Fernverkehrsverbindungen"
    standfirst = ("Wegen Bauarbeiten auf mehreren Hauptstrecken fallen im Sommer zahlreiche ICE-Halte weg. "
                  "Betroffen sind vor allem Verbindungen in den Osten.")
    doc = clean("\n\n".join(over + [headline, standfirst, "Von Julia Brandt · 14.03.2025, 16:05 Uhr"]
                             + PROSE["de"]))
    assert (doc.title, doc.subtitle, doc.authors) == (headline, standfirst, ("Julia Brandt",))


def test_a_page_title_whose_first_part_is_a_kicker_gives_the_headline_not_the_kicker():
    # '«Kicker»: - Headline': the part after the colon is the headline, printed again under the kicker.
    page = ["«Brückenstreit»: - Stadtrat stimmt für Neubau", "Zum Inhalt springen", "Politik", "«Brückenstreit»:",
            "Stadtrat stimmt für Neubau"] + PROSE["de"]
    doc = clean("\n\n".join(page))
    assert doc.title == "Stadtrat stimmt für Neubau"
    assert doc.body.split("\n\n") == PROSE["de"]


def test_a_date_relative_to_the_day_of_reading_is_a_date_line_and_the_headline_over_it_no_standfirst():
    # 'Publiziert heute um 12:19 Uhr' names no day that can be read: removed as a date line, by
    # its own rule, and `published` stays empty; the headline printed over it in other words
    # than the page title is the headline, not a standfirst.
    page = ["Stadtrat stimmt für Neubau der Hafenbrücke | Stadtanzeiger", "Lokales",
            "Hafenbrücke: Stadtrat stimmt für Neubau", "Edgar Brunner", "Publiziert heute um 12:19 Uhr"] + PROSE["de"]
    doc = clean("\n\n".join(page))
    assert (doc.title, doc.subtitle, doc.authors, doc.published) == (page[2], None, ("Edgar Brunner",), None)
    assert ("Publiziert heute um 12:19 Uhr", "date_line.relative") in [(r.text, r.rule) for r in doc.removed]
    assert doc.body.split("\n\n") == PROSE["de"]


@pytest.mark.parametrize("menu_line", ["Open Navigation Menu", "Nordic Shop Partners", "Zur Playlist Anhören"])
def test_capitalised_words_in_a_menu_or_with_a_menus_words_are_no_byline(menu_line):
    page = ["Bahn streicht Verbindungen | Stadtanzeiger", "Reisen", "Wetter", menu_line, "Sport", "Kultur",
            "Bahn streicht ab Juni Dutzende Fernverkehrsverbindungen", "14.03.2025, 16:05 Uhr"] + PROSE["de"]
    doc = clean("\n\n".join(page))
    assert doc.authors == () and doc.body.split("\n\n") == PROSE["de"]


def test_prose_above_the_printed_headline_is_a_teaser_not_the_articles_start():
    title = "BRIDGE 2.0 | Council votes to rebuild the harbour bridge by 2027"
    teasers = ("#1 'Why did the ferry stop?', commuters ask the council over the harbour closure #2 JANE DOE | The "
               "bridge vote was a test the mayor could not afford to fail, and she knew it all along? #3 EDITORIAL | "
               "Why the town must not let the north bank traders pay for a bridge everyone will use #4 Storm warning "
               "for the coast as winds reach 90km/h #5 Fishermen say the new quay is too short for their boats")
    lede = ("The council has set aside R40m in the current financial year to rebuild the old harbour bridge, which "
            "engineers say can no longer carry buses safely, and to run a ferry while the works go on.")
    doc = clean("\n".join([title, teasers, title, lede]))
    assert doc.body == lede and doc.title == title


def test_an_author_box_under_the_article_names_its_author():
    page = (["Haushalt: Ein bisschen Fortschritt | Stadtanzeiger", "Politik", "Haushalt: Ein bisschen Fortschritt"]
            + PROSE["de"] + ["Inhaltliches Feedback?", "Schreiben Sie uns über das Kontaktformular.", "Politik",
                             "Deutschland", "28. 4. 2023, 18:41 Uhr", "Kommentar von", "Carla Brandt", "Redakteurin",
                             "Seit 2019 im Lokalteil, schreibt über Schulen und Verkehr.", "Themen", "Haushalt"])
    doc = clean("\n\n".join(page))
    assert doc.authors == ("Carla Brandt",) and doc.body.split("\n\n") == PROSE["de"]


@pytest.mark.parametrize("date_line", ["Publiziert heute um 12:19 Uhr", "Frankfurt, 23.10.2024, 15:48 Uhr"])
def test_a_name_beside_the_date_line_under_the_standfirst_is_the_byline(date_line):
    standfirst = ("Der Stadtrat will die alte Hafenbrücke bis 2027 ersetzen. Gleichzeitig gerät der Plan für "
                  "die Fähre politisch unter Druck.")
    # No headline above: the standfirst opens what the region search takes as the article.
    page = [standfirst, date_line, "Carla Brandt"] + PROSE["de"]
    doc = clean("\n\n".join(page))
    assert doc.authors == ("Carla Brandt",)
    assert "Carla Brandt" not in doc.body and date_line not in doc.body


def test_a_consent_managers_dialog_at_the_pages_end_is_no_article():
    # Longer than the article and written as prose, it is still the page's cookie dialog.
    article = ["Harbour bridge to be rebuilt by 2027",
               "The council voted on Tuesday to rebuild the old harbour bridge, which engineers say can no longer "
               "carry buses safely.", "Advertisement · Scroll to continue",
               "Work is due to start in the spring and to last about two years, the town hall said.",
               "A ferry will link the two banks while the bridge is closed, and shops on the north bank will get "
               "help with their rents."]
    dialog = ["If you are a California consumer, you have the right, at any time, to direct a business that sells "
              "your personal information to third parties to not sell your personal information. " * 2,
              "When you visit our website, we store cookies on your browser to collect information. The information "
              "collected might relate to you, your preferences or your device, and is mostly used to make the site "
              "work as you expect it to and to provide a more personalized web experience. " * 2,
              "Allow All", "Manage Consent Preferences", "Strictly Necessary Cookies",
              "These cookies are necessary for the website to function and cannot be switched off in our systems. "
              "They are usually only set in response to actions made by you which amount to a request for services. " * 2,
              "Performance Cookies",
              "These cookies allow us to count visits and traffic sources so we can measure and improve the "
              "performance of our site. They help us to know which pages are the most and least popular. " * 2,
              "Reject All Confirm My Choices"]
    doc = clean("\n\n".join(article + ["© 2026 Coast Times. All rights reserved"] + dialog))
    assert doc.body.split("\n\n") == [article[1], article[3], article[4]]
    assert {r.kind for r in doc.removed if r.text in dialog} == {"cookie_notice"}


# Six more languages' heads: the byline's intro word, the date as the page prints it.
_HEAD_PROSE = (
    {'cs': ['Městská rada v úterý večer rozhodla o přestavbě starého přístavního mostu, který podle inženýrů už '
            'nemůže bezpečně nést autobusy.',
            'Práce mají začít na jaře a potrvat asi dva roky, oba břehy mezitím spojí přívoz.',
            'Obchodníci na severním břehu se obávají poklesu tržeb a žádají město o pomoc s nájmy.'],
     'hu': ['A városi tanács kedd este úgy döntött, hogy újjáépíti a régi kikötői hidat, amely a mérnökök szerint '
            'már nem bírja biztonságosan a buszokat.',
            'A munkálatok tavasszal kezdődnek és körülbelül két évig tartanak, addig komp köti össze a két partot.',
            'Az északi part kereskedői a forgalom csökkenésétől tartanak, és segítséget kérnek a bérleti '
            'díjakhoz.'],
     'id': ['Dewan kota pada Selasa malam memutuskan untuk membangun kembali jembatan pelabuhan lama, yang menurut '
            'para insinyur tidak lagi aman dilalui bus.',
            'Pekerjaan dijadwalkan dimulai pada musim semi dan berlangsung sekitar dua tahun, sementara kapal feri '
            'akan menghubungkan kedua tepi.',
            'Para pedagang di tepi utara khawatir omzet mereka turun dan meminta bantuan kota untuk biaya sewa.'],
     'pl': ['Rada miasta zdecydowała we wtorek wieczorem o odbudowie starego mostu portowego, który według '
            'inżynierów nie może już bezpiecznie przenosić autobusów.',
            'Prace mają rozpocząć się wiosną i potrwać około dwóch lat, a w tym czasie oba brzegi połączy prom.',
            'Kupcy z północnego brzegu obawiają się spadku obrotów i proszą miasto o pomoc w opłaceniu czynszów.'],
     'ro': ['Consiliul local a decis marți seara reconstruirea vechiului pod din port, care, potrivit inginerilor, '
            'nu mai poate susține autobuzele în siguranță.',
            'Lucrările vor începe în primăvară și vor dura aproximativ doi ani, timp în care un feribot va lega '
            'cele două maluri.',
            'Comercianții de pe malul nordic se tem de scăderea vânzărilor și cer ajutor primăriei pentru chirii.'],
     'tr': ['Belediye meclisi salı akşamı, mühendislere göre artık otobüsleri güvenle taşıyamayan eski liman '
            'köprüsünün yeniden yapılmasına karar verdi.',
            'Çalışmaların ilkbaharda başlaması ve yaklaşık iki yıl sürmesi bekleniyor, bu sürede iki yakayı bir '
            'feribot bağlayacak.',
            'Kuzey yakadaki esnaf ciro kaybından endişe ediyor ve belediyeden kira desteği istiyor.']}
)
_HEAD_CASES = (
    {'cs': ('Rada města přestaví přístavní most | Přístavní listy',
            'Rada města přestaví přístavní most',
            ['Autor: Jana Nováková', '23. listopadu 2026 14:05']),
     'hu': ('Újjáépítik a kikötői hidat | Kikötői Hírek',
            'Újjáépítik a kikötői hidat',
            ['Szerző: Kovács Anna', '2026. november 23. 14:05']),
     'id': ('Jembatan pelabuhan akan dibangun ulang | Warta Pelabuhan',
            'Jembatan pelabuhan akan dibangun ulang',
            ['Penulis: Budi Santoso', 'Senin, 23 November 2026 14:05 WIB']),
     'pl': ('Rada miasta odbuduje most portowy | Gazeta Portowa',
            'Rada miasta odbuduje most portowy',
            ['Autor: Anna Kowalska', 'Opublikowano: 23 listopada 2026, 14:05']),
     'ro': ('Podul din port va fi reconstruit | Gazeta Portului',
            'Podul din port va fi reconstruit',
            ['de Ana Popescu', '23 noiembrie 2026, 14:05']),
     'tr': ('Liman köprüsü yeniden yapılacak | Liman Gazetesi',
            'Liman köprüsü yeniden yapılacak',
            ['Yazar: Ayşe Yılmaz', '23 Kasım 2026 14:05'])}
)

@pytest.mark.parametrize("language", sorted(_HEAD_CASES))
def test_bylines_and_date_lines_in_six_more_languages(language):
    page_title, headline, head = _HEAD_CASES[language]
    doc = clean("\n\n".join([page_title, "Menu", headline, *head, *_HEAD_PROSE[language]]))
    assert doc.title == headline and doc.published == "2026-11-23T14:05:00"
    assert len(doc.authors) == 1 and doc.authors[0] in head[0]
    assert doc.body.split("\n\n") == _HEAD_PROSE[language]


def test_a_date_line_without_its_year_leaves_the_body_and_anchors_the_byline():
    prose = ["Bystyret vedtok tirsdag kveld å bygge ny havnebro, fordi ingeniørene mener den gamle ikke lenger "
             "tåler bussene.", "Arbeidet skal etter planen starte til våren og ta omtrent to år, og en ferje skal "
             "frakte folk over i mellomtiden.", "Butikkene på nordsiden frykter for omsetningen og ber kommunen om "
             "hjelp med husleien."]
    page = ["Ny havnebro i 2027 | Havnebladet", "Nyheter", "Ny havnebro i 2027",
            "Byen får ny bro etter lang strid.", "Kari Nordmann", "mandag 5. august kl. 14:47"] + prose
    doc = clean("\n\n".join(page))
    assert doc.authors == ("Kari Nordmann",) and doc.published is None
    assert ("mandag 5. august kl. 14:47", "date_line.no_year") in [(r.text, r.rule) for r in doc.removed]
    assert doc.body.split("\n\n") == prose


def test_a_writers_handle_or_address_is_no_word_the_page_writes_in_lower_case():
    # 'devindra' in '@devindra' and 'jane.doe@...' does not make 'Jane Doe' a phrase of the page.
    prose = ["The council met on Tuesday evening and agreed after a long debate to rebuild the old harbour "
             "bridge, which engineers say can no longer carry buses safely.",
             "Work is due to start in the spring and to last about two years, the town hall said.",
             "A ferry will link the two banks while the bridge is closed, and the fare will be halved."]
    page = ["Harbour bridge to be rebuilt | Coast Times", "News", "Harbour bridge to be rebuilt",
            "Jane Doe, @janedoe", "11.03.2024 in Local"] + prose + ["Contact jane.doe@coasttimes.example"]
    doc = clean("\n\n".join(page))
    assert doc.authors == ("Jane Doe",) and doc.body.split("\n\n") == prose


def test_a_skip_link_on_the_first_line_is_no_title():
    page = ["Ana içeriğe atla", "GÜNDEM", "Belediye köprüyü yeniden yapacak",
            "Belediye meclisi salı akşamı uzun bir tartışmanın ardından eski liman köprüsünün yeniden yapılmasına "
            "karar verdi.", "Mühendisler köprünün artık otobüsleri güvenle taşıyamayacağını söylüyor ve çalışmaların "
            "ilkbaharda başlaması bekleniyor."]
    doc = clean("\n\n".join(page))
    assert doc.title == page[2]
    assert [(r.text, r.rule) for r in doc.removed][0] == ("Ana içeriğe atla", "navigation.skip_link")


def test_a_cookie_banner_on_the_first_line_is_no_title():
    page = ["Kami menggunakan cookie untuk meningkatkan pengalaman Anda. Dengan melanjutkan, Anda menyetujui "
            "Kebijakan Privasi kami. Setuju", "Gunung Lewotobi Erupsi Lagi, Ribuan Warga Mengungsi",
            "Senin, 11 November 2024 | 09:12 WIB",
            "Gunung Lewotobi Laki-laki di Kabupaten Flores Timur kembali erupsi pada Senin dini hari dengan tinggi "
            "kolom abu mencapai dua kilometer di atas puncak.",
            "Pusat Vulkanologi dan Mitigasi Bencana Geologi mempertahankan status Awas dan memperluas radius bahaya "
            "menjadi sembilan kilometer dari kawah."]
    doc = clean("\n".join(page))
    assert doc.title == page[1] and [r.kind for r in doc.removed][:1] == ["cookie_notice"]


def test_an_ingredient_list_under_the_lede_does_not_cut_the_lede_off():
    lede = ("Pierogi ruskie to obowiązkowy punkt wigilijnego stołu w wielu domach, choć wbrew nazwie nie mają "
            "nic wspólnego z Rosją.")
    rest = ["Ziemniaki ugotuj w osolonej wodzie i przeciśnij przez praskę. Cebulę pokrój w kostkę i zeszklij na "
            "oleju, a połowę dodaj do farszu.",
            "Z mąki, wody, oleju i soli zagnieć elastyczne ciasto. Rozwałkuj je cienko i wycinaj krążki szklanką, "
            "a potem nakładaj farsz i sklejaj brzegi.",
            "Pierogi gotuj w osolonym wrzątku około trzech minut od wypłynięcia, a potem podawaj z cebulką."]
    page = ("Kuchnia\nPrzepisy\nPierogi ruskie jak u babci\nAgnieszka Nowicka\n24.12.2023 08:00\n" + lede
            + "\n\nSkładniki:\n500 g mąki pszennej\n250 ml ciepłej wody\n1 kg ziemniaków\n400 g twarogu\n\n"
            + "\n\n".join(rest))
    doc = clean(page)
    assert doc.title == "Pierogi ruskie jak u babci" and doc.body.startswith(lede) and "500 g mąki pszennej" in doc.body


@pytest.mark.parametrize("credit", ["Foto di Luca Brambilla", "Foto de Ana Costa", "Photo par Luc Marin"])
def test_a_photo_credit_in_another_language_is_a_caption_not_a_byline(credit):
    doc = clean("\n\n".join(["Council debates budget", "12 March 2024"] + PARAS + [credit]))
    assert doc.authors == () and [r.kind for r in doc.removed if r.text == credit] == ["caption"]


def test_a_name_beside_a_time_since_publication_is_a_byline_and_no_date_is_invented():
    doc = clean("\n\n".join(["Council debates budget", "Jane Smith 7 hours"] + PARAS))
    assert doc.authors == ("Jane Smith",) and doc.published is None


def test_a_comment_head_in_a_menu_printed_twice_does_not_end_the_article():
    from pipeline.text import WEIGHTS, _comment_cut, _phrase_pass, split_blocks

    menu = ["Featured", "No Comment", "Business", "Travel"]
    blocks = split_blocks("\n\n".join(["Council debates budget"] + menu + PARAS + menu + PARAS[:2]))
    _phrase_pass(blocks)
    assert _comment_cut(blocks, WEIGHTS, 0) == len(blocks)  # the menu's 'No Comment' ends nothing
    blocks = split_blocks("\n\n".join(["Council debates budget"] + PARAS + ["No Comment", "Reader text here."]))
    _phrase_pass(blocks)
    assert _comment_cut(blocks, WEIGHTS, 0) == 1 + len(PARAS)  # printed once, after the article: a section


def test_a_printed_headline_longer_than_the_page_title_is_the_title():
    doc = clean("\n\n".join(["Council delays the library budget again | City Paper"] + MENU + [
        "Council delays the library budget again, angering residents"] + PARAS))
    assert doc.title == "Council delays the library budget again, angering residents"
    assert doc.source.site_name == "City Paper"


LONG_MENU = ["Home", "News", "Local", "World", "Business", "Sport", "Culture", "Opinion", "Weather", "Podcasts",
             "Newsletters", "Subscribe"]


def test_a_printed_headline_rewording_the_page_title_is_the_title():
    # The page <title> was rewritten for search engines and is not printed again; the headline
    # over the byline names the same story in other words.
    doc = clean("\n\n".join(["Riverside council delays library budget vote until spring | City Paper"] + LONG_MENU + [
        "Library budget vote delayed again by riverside council", "By Jane Smith"] + PARAS))
    assert doc.title == "Library budget vote delayed again by riverside council"


def test_a_teaser_over_the_article_naming_another_story_is_no_title():
    doc = clean("\n\n".join(["Riverside council delays library budget vote until spring | City Paper"] + LONG_MENU + [
        "Storm closes the coast road for a week", "By Jane Smith"] + PARAS))
    assert doc.title == "Riverside council delays library budget vote until spring"


def test_a_printed_headline_punctuated_like_prose_but_naming_the_story_is_the_title():
    # A question headline with a colon reads like a sentence; it still names the page title's story.
    doc = clean("\n\n".join(["Library budget doubt: will the riverside council vote before spring? | City Paper"]
                            + LONG_MENU + ["Library budget in doubt: can the riverside council still vote before spring?",
                                           "By Jane Smith"] + PARAS))
    assert doc.title == "Library budget in doubt: can the riverside council still vote before spring?"


def test_a_kicker_set_apart_only_by_layout_keeps_the_page_titles_colon():
    doc = clean("\n\n".join(["Budget row: council delays the library vote | City Paper"] + LONG_MENU + [
        "Budget row council delays the library vote"] + PARAS))
    assert doc.title == "Budget row: council delays the library vote"


def test_a_long_page_title_is_the_headline_once_its_section_and_site_are_cut():
    headline = ("Residents of the riverside district packed the council chamber on Monday night to ask why the "
                "library budget vote has been delayed yet again")
    doc = clean("\n\n".join([headline + " | Local News - The Times of Riverside"] + LONG_MENU + PARAS))
    assert doc.title == headline
    assert doc.source.site_name == "The Times of Riverside"


def test_a_page_title_ending_in_section_site_and_date_gives_the_headline():
    doc = clean("\n\n".join(["Council delays the library budget vote | Local | City Paper | 12.03.2024"]
                            + LONG_MENU + PARAS))
    assert doc.title == "Council delays the library budget vote"
    assert "12.03.2024" not in doc.body


def test_a_quoted_headline_under_a_kicker_is_the_title_not_the_first_paragraph():
    doc = clean("\n\n".join(['Riverside coach Miller: "We have nothing left to lose" | City Paper'] + LONG_MENU + [
        'Riverside coach Miller: "We have nothing left to lose"', "Relegation looms for the club",
        'Coach Miller: "We have nothing left to lose"'] + PARAS))
    assert doc.title == 'Coach Miller: "We have nothing left to lose"'
    assert not doc.body.startswith("Coach Miller")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t\u00a0\u2003\u202f\u3000\u200bab\n", max_size=40))
def test_normalise_line_collapses_every_run_of_spaces(line: str) -> None:
    """Every run of spaces of any kind becomes one plain space, as one pattern for all runs does."""
    import re

    expected = re.sub(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+", " ", line.replace("\u200b", "")).strip()
    assert normalise_line(line) == expected


# --- dumps whose first line is no page title (a menu, a skip link) ------------------------------

BRIDGE = [
    "Die neue Brücke über die Elbe ist am Donnerstag nach vier Jahren Bauzeit für den Verkehr freigegeben worden.",
    "Rund zwanzigtausend Fahrzeuge sollen die Brücke künftig täglich nutzen, schätzen die Verkehrsplaner der Stadt.",
    "Kritiker bemängeln dagegen die Kosten, die fast doppelt so hoch ausfielen wie ursprünglich geplant.",
]


def test_a_menu_on_the_first_line_is_navigation_and_the_headline_above_the_byline_is_the_title():
    doc = clean("\n".join(["Startseite | Politik | Wirtschaft | Kultur", "Neue Brücke über die Elbe eröffnet",
                           "Von Anna Schmidt", "6. August 2009"] + BRIDGE))
    assert doc.title == "Neue Brücke über die Elbe eröffnet"
    assert doc.subtitle is None
    assert list(doc.authors) == ["Anna Schmidt"] and doc.published == "2009-08-06"
    assert ("navigation", "navigation.menu_line") in {(r.kind, r.rule) for r in doc.removed}


def test_a_skip_link_on_the_first_line_leaves_the_headline_to_be_found_above_the_article():
    doc = clean("\n".join(["Skip to content", "Council delays the library budget vote", "By Jane Smith"] + PARAS))
    assert doc.title == "Council delays the library budget vote"
    assert doc.subtitle is None


def test_a_headline_found_above_the_article_keeps_its_standfirst():
    doc = clean("\n".join(["Skip to content", "Council delays the library budget vote",
                           "Residents will have to wait until spring for a decision on opening hours",
                           "By Jane Smith"] + PARAS))
    assert doc.title == "Council delays the library budget vote"
    assert doc.subtitle == "Residents will have to wait until spring for a decision on opening hours"


def test_a_line_above_the_article_naming_another_story_and_over_no_byline_is_no_title():
    doc = clean("\n".join(["Skip to content", "Storm closes the coast road for a week"] + PARAS))
    assert doc.title is None


def test_a_headline_over_the_byline_is_the_title_even_in_other_words_than_the_lede():
    doc = clean("\n".join(["Menu", "Search", "Drought pushes farmers to switch crops", "Jennifer Walsh", "June 3, 2022"]
                           + PARAS))
    assert doc.title == "Drought pushes farmers to switch crops"
    assert list(doc.authors) == ["Jennifer Walsh"]


def test_a_photo_caption_above_the_article_is_no_title():
    doc = clean("\n".join(["Skip to content", "By Jane Smith", "Foto: Jana Beck",
                           "Council members discuss the library budget on Monday"] + PARAS))
    assert doc.title is None


def test_a_name_with_a_role_the_article_also_uses_is_a_byline():
    # 'editor' is written in lower case by the line itself and 'education' by the article:
    # only the name's own words must be new to the page.
    doc = clean("\n".join(["Schools reopen after the floods | The Paper", "Schools reopen after the floods",
                           "Richard Adams Education editor", "Mon 20 Jan 2020 06.05 GMT",
                           "Schools across the north reopened on Monday after a week of floods, the education "
                           "department said, and the editor of the local paper welcomed the news."] + PARAS))
    assert list(doc.authors) == ["Richard Adams"]
    assert doc.published.startswith("2020-01-20")


def test_an_outlet_in_capitals_after_the_names_is_left_out():
    doc = clean("\n".join(["Council delays the library budget vote | The Paper", "Council delays the library budget vote",
                           "Kevin Johnson and Kevin McCoy USA TODAY"] + PARAS))
    assert list(doc.authors) == ["Kevin Johnson", "Kevin McCoy"]


def test_a_kicker_above_a_headline_found_above_the_article_is_not_the_title():
    doc = clean("\n".join(["Skip to content", "Politik", "Council delays the library budget vote", "By Jane Smith"] + PARAS))
    assert doc.title == "Council delays the library budget vote"


def test_a_posted_on_line_over_the_headline_gives_the_author_and_the_date():
    doc = clean("\n".join(["Posted on March 3, 2021 by Klaus Berger", "Council delays the library budget vote"] + PARAS))
    assert doc.title == "Council delays the library budget vote"
    assert list(doc.authors) == ["Klaus Berger"] and doc.published == "2021-03-03"


def test_a_date_under_the_headline_beats_one_printed_over_it():
    # 'Available until ...' over a video's headline is no publication date.
    doc = clean("\n".join(["Council delays the library budget vote | City Paper", "Verfügbar bis 06.05.2024",
                           "Council delays the library budget vote", "Stand: 22.04.2024, 06:00 Uhr"] + PARAS))
    assert doc.published.startswith("2024-04-22")


def test_the_head_printed_over_the_headline_is_read_when_nothing_is_under_it():
    doc = clean("\n".join(["Council delays the library budget vote | City Paper", "Jane Smith", "28 June 2025",
                           "Council delays the library budget vote"] + PARAS))
    assert doc.published == "2025-06-28" and list(doc.authors) == ["Jane Smith"]


# --- short lines inside the article ------------------------------------------------------------

LEDE = ("UTRECHT - The city of Utrecht wants to make its centre largely car-free within two years, "
        "alderman Lotte Jansen said on Tuesday at a crowded press conference.")
HEAD = ["Utrecht plans car-free centre | The City Paper", "Utrecht plans car-free centre", "By Jan de Vries",
        "14 February 2023", LEDE]


def test_a_short_statement_after_the_lede_stays_in_the_article_when_prose_follows():
    doc = clean("\n".join(HEAD + ["Shopkeepers are divided.", '"We have to choose a liveable city," Jansen said.',
                                  "The council votes on the plan in April."]))
    assert "Shopkeepers are divided." in doc.body
    assert "The council votes on the plan in April." in doc.body


def test_a_teaser_ending_in_an_ellipsis_does_not_join_the_article():
    doc = clean("\n".join(HEAD + ["You may also like...", "Who will win the city's design prize this year?"]))
    assert "You may also like" not in doc.body


def test_a_list_and_the_line_leading_into_it_do_not_end_the_article():
    doc = clean("\n".join(HEAD + [
        "Shopkeepers are divided.", "What changes", "The main measures are:", "- new car parks on the edge of town;",
        "- more bicycle parking;", "- free shuttle buses.",
        "Shopkeepers on the Oudegracht said they feared losing customers from the surrounding villages, who "
        "mostly come by car on Saturdays, and asked for a delay.",
        "The council votes on the plan in April, after a public consultation that is due to open next month "
        "and run for six weeks."]))
    assert "- more bicycle parking;" in doc.body
    assert "asked for a delay." in doc.body and "run for six weeks." in doc.body


def test_an_agency_byline_without_a_person_names_the_agency():
    doc = clean("\n".join(["Council delays the library budget vote | City Paper", "Council delays the library budget vote",
                           "By AP"] + PARAS))
    assert list(doc.authors) == ["AP"]


def test_an_agency_beside_a_person_in_a_byline_is_left_out():
    doc = clean("\n".join(["Council delays the library budget vote | City Paper", "Council delays the library budget vote",
                           "By Rachel Kim, Associated Press"] + PARAS))
    assert list(doc.authors) == ["Rachel Kim"]


def test_a_name_with_its_role_after_a_comma_or_on_the_next_line_is_no_title():
    for head in (["Jennifer Walsh, Staff Writer"], ["Pieter Visser", "Verslaggever"]):
        doc = clean("\n".join(["Menu", "Search", "Drought pushes farmers to switch crops"] + head + ["June 3, 2022"]
                              + PARAS))
        assert doc.title == "Drought pushes farmers to switch crops"
        assert list(doc.authors) == [head[0].split(",")[0]]


def test_a_cookie_notice_between_two_paragraphs_leaves_the_body():
    doc = clean("\n".join(["Council delays the library budget vote | City Paper", "Council delays the library budget vote",
                           PARAS[0], PARAS[1],
                           "We use cookies to improve your experience. By continuing to browse you agree to our use "
                           "of cookies.", PARAS[2], PARAS[3]]))
    assert "cookies" not in doc.body
    assert PARAS[2] in doc.body
    assert ("cookie_notice", "cookie_notice.consent") in {(r.kind, r.rule) for r in doc.removed}


def test_a_newsletter_prompt_worded_as_a_sentence_inside_the_article_leaves_the_body():
    doc = clean("\n".join(["Council delays the library budget vote | City Paper", "Council delays the library budget vote",
                           PARAS[0], PARAS[1],
                           "Sign up for our free Morning Briefing newsletter to get the top stories in your inbox.",
                           PARAS[2], PARAS[3]]))
    assert "Morning Briefing" not in doc.body
    assert ("newsletter", "newsletter.signup") in {(r.kind, r.rule) for r in doc.removed}


def test_a_donation_line_worded_as_article_prose_stays():
    doc = clean("\n".join(["Council delays the library budget vote | City Paper", "Council delays the library budget vote",
                           PARAS[0], "Tickets for the reopened library café are available from as little as £3 a month, "
                           "the council said.", PARAS[1], PARAS[2]]))
    assert "from as little as £3" in doc.body


# --- round two of our own pages: other scripts, hard-wrapped text, section words ----------------

def test_a_one_word_first_line_is_a_menu_word_not_the_page_title():
    for word in ("Главная", "ホーム", "Culture"):
        doc = clean("\n".join([word, "Council delays the library budget vote", "By Jane Smith"] + PARAS))
        assert doc.title == "Council delays the library budget vote"


def test_a_menu_item_over_the_headline_is_not_the_headline():
    doc = clean("\n".join(["Home", "News", "Contact us", "Advertise with us", "Council delays the library budget vote",
                           "By Jane Smith", "June 3, 2022"] + PARAS))
    assert doc.title == "Council delays the library budget vote"
    assert doc.subtitle is None


def test_a_paragraph_ending_on_a_danda_reads_as_prose():
    hindi = ("दिल्ली में मेट्रो का नया कॉरिडोर बुधवार को जनता के लिए खोल दिया गया और पहले दिन हजारों यात्रियों ने इस "
             "पर सफर किया।")
    assert label(hindi).blocks[0].is_prose


def test_hard_wrapped_paragraphs_are_joined_back():
    wrapped = ["Rail operator orders 40 new trains for coastal line", "", "By Daniel Okafor", "", "5 June 2024", "",
               "The regional rail operator has ordered forty new electric trains for the",
               "coastal line, replacing carriages that have been in service since the", "early 1980s.", "",
               "Passengers have long complained about breakdowns, cramped seats and",
               "toilets that are often out of order. The new trains will have more space",
               "for bicycles and wheelchairs."]
    doc = clean("\n".join(wrapped))
    assert doc.body.split("\n\n") == [
        "The regional rail operator has ordered forty new electric trains for the coastal line, replacing carriages "
        "that have been in service since the early 1980s.",
        "Passengers have long complained about breakdowns, cramped seats and toilets that are often out of order. "
        "The new trains will have more space for bicycles and wheelchairs."]
    assert doc.title == "Rail operator orders 40 new trains for coastal line"


def test_a_title_case_headline_over_labelled_bylines_is_the_title():
    doc = clean("\n".join(["Beranda", "Nasional", "Ekonomi", "Pemerintah Resmikan Jalan Tol Baru di Sumatera",
                           "Penulis: Budi Santoso", "Editor: Dewi Lestari", "Kamis, 14 Maret 2024 | 10:30 WIB",
                           "JAKARTA, KOMPAS - Pemerintah meresmikan ruas jalan tol baru sepanjang 75 kilometer di "
                           "Sumatera Selatan pada Kamis, dan jalan tol ini diharapkan memangkas waktu tempuh.",
                           "Presiden mengatakan pembangunan infrastruktur di luar Jawa akan terus dipercepat tahun ini "
                           "agar pertumbuhan ekonomi daerah lebih merata."]))
    assert doc.title == "Pemerintah Resmikan Jalan Tol Baru di Sumatera"
    assert list(doc.authors) == ["Budi Santoso"]


def test_a_quoted_headline_over_a_longer_standfirst_is_the_title():
    doc = clean("\n".join(["Startseite", "Politik", "Kultur", '"Wir müssen die Städte kühler bauen"',
                           "Die Stadtplanerin Katrin Albers über Hitzeinseln, Bäume und den Mut, Parkplätze abzuschaffen",
                           "Interview: Felix Brandt", "17.06.2024, 08:00 Uhr"] + PARAS))
    assert doc.title == '"Wir müssen die Städte kühler bauen"'
    assert doc.subtitle.startswith("Die Stadtplanerin Katrin Albers")
    assert list(doc.authors) == ["Felix Brandt"]


def test_arabic_and_hindi_dates_are_read_and_a_labelled_byline_is_no_headline():
    doc = clean("\n".join(["الرئيسية", "أخبار", "سياسة", "افتتاح أكبر محطة للطاقة الشمسية في المنطقة",
                           "بقلم: أحمد المنصوري", "الثلاثاء 12 مارس 2024",
                           "افتتحت الحكومة يوم الثلاثاء أكبر محطة للطاقة الشمسية في المنطقة بقدرة تكفي لتزويد مئتي "
                           "ألف منزل بالكهرباء، وفق بيان رسمي صدر اليوم.",
                           "وقال وزير الطاقة إن المحطة ستخفض الانبعاثات بشكل كبير وستوفر مئات من فرص العمل للشباب في "
                           "المنطقة خلال السنوات المقبلة."]))
    assert doc.published == "2024-03-12"
    assert doc.title == "افتتاح أكبر محطة للطاقة الشمسية في المنطقة"
