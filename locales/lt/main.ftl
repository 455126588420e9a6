### source_digest: e880085c45016c24fddf75df4623288c3c65fcf3d865d7186fd22cfd083ff51a

# Numatytosios temos sąsajos tekstai, lietuvių kalba.

site-title = Pasaulio paveldas – jaunimo rankose
language-name = Lietuvių

## Navigacija
skip-to-content = Pereiti prie turinio
nav-main-label = Pagrindinis meniu
nav-footer-label = Apie svetainę
nav-home = Pradžia
nav-lessons = Pamokos
nav-badges = Ženkleliai
language-switcher-label = Kalba
breadcrumb-label = Jūs esate čia
footer-text = Pamokos ir atvirieji skaitmeniniai ženkleliai pasaulio paveldui mokyti pagal UNESCO mokytojo rinkinį „Pasaulio paveldas – jaunimo rankose“. Svetainė veikia ir be interneto.

## Paieška
search-title = Paieška
search-label = Ieškoti pamokų
search-placeholder = pvz., Kuršių nerija
search-button = Ieškoti
search-needs-js = Paieškai reikia „JavaScript“. Pamokas galite naršyti pamokų puslapyje.
search-help = Įrašykite žodį ar jo pradžią. Didžiosios raidės ir diakritikai nesvarbu: „kursiu“ randa „Kuršių“. Tarp rezultatų judėkite rodyklių klavišais.
search-results-label = Paieškos rezultatai
# $count (String) - rezultatų skaičius, kurį įrašo puslapio scenarijus
search-results-count = Rezultatų: { $count }
search-no-results = Nieko nerasta. Įrašykite mažiau žodžių arba tik žodžio pradžią.
search-too-short = Įrašykite bent dvi raides.
search-index-missing = Nepavyko įkelti paieškos rodyklės. Pamokas galite naršyti pamokų puslapyje.

## Spausdinimas
print-unit = Spausdinti visą skyrių
# $unit (String) - skyriaus pavadinimas
print-unit-title = { $unit }: visos pamokos
print-unit-intro = Visos šio skyriaus pamokos viename puslapyje, iš eilės, spausdinti.
print-button = Spausdinti

## Nerasta
not-found-title = Puslapis nerastas
not-found-text = Tokio puslapio nėra. Galbūt jis perkeltas arba nuoroda parašyta su klaida.

## Vertimo būsena
not-translated = Šis puslapis į lietuvių kalbą dar neišverstas, todėl rodomas kalba: { $language }.
tag-untranslated = dar neišversta
translation-stale = Originalo tekstas pasikeitė po to, kai buvo parengtas šis vertimas, todėl kai kurios jo dalys gali būti pasenusios.
translation-stale-original = Skaityti originalą ({ $language })

## Pradžia ir sąrašai
root-choose-language = Pasirinkite kalbą
home-stats = { $lessons ->
    [one] { $lessons } pamoka
    [few] { $lessons } pamokos
    [many] { $lessons } pamokos
   *[other] { $lessons } pamokų
} ir { $badges ->
    [one] { $badges } atvirasis ženklelis
    [few] { $badges } atvirieji ženkleliai
    [many] { $badges } atvirojo ženklelio
   *[other] { $badges } atvirųjų ženklelių
} vidurinės mokyklos klasėms
home-units = Vadovo skyriai
home-badges-link = Peržiūrėti atviruosius ženklelius
unit-label = { $number } skyrius
unit-lessons = { $count ->
    [one] { $count } pamoka
    [few] { $count } pamokos
    [many] { $count } pamokos
   *[other] { $count } pamokų
}

## Pamoka
lesson-facts = Pamokos duomenys
lesson-age = Amžius
lesson-age-value = { $age } m.
lesson-duration = Trukmė
lesson-duration-value = { $minutes ->
    [one] { $minutes } minutė
    [few] { $minutes } minutės
    [many] { $minutes } minutės
   *[other] { $minutes } minučių
}
lesson-subjects = Dalykai
lesson-objectives = Mokymosi tikslai
lesson-badges = Įskaitoma siekiant ženklelio
lesson-pager-label = Ankstesnė ir kita pamoka
lesson-prev = Ankstesnė pamoka
lesson-next = Kita pamoka

## Ženkleliai
badges-across-units = Keliems skyriams
badge-criteria = Kriterijai
badge-lessons = Pamokos, įskaitomos siekiant šio ženklelio
badge-alignment = Sąsajos
badge-tags = Žymos
badge-image-alt = Ženklelis: { $name }
badges-other = Kiti ženkleliai
# $count (Number)
badge-lesson-count = { $count ->
    [one] { $count } pamoka
    [few] { $count } pamokos
    [many] { $count } pamokos
   *[other] { $count } pamokų
}
badge-eyebrow = Atvirasis ženklelis
badge-criteria-intro = Kad gautum šį ženklelį, parodyk, kad gali atlikti kiekvieną iš šių dalykų. Pažymėk kiekvieną, kai mokytojas patvirtins, kad jis įvykdytas.
badge-narrative = Išsamiau apie kriterijus
badge-no-lessons = Kol kas nė viena pamoka neįskaitoma siekiant šio ženklelio.
badge-print = Spausdinti kriterijų lapą
badge-sheet-learner = Mokinys
badge-sheet-class = Klasė
badge-sheet-date = Data
badge-sheet-teacher = Mokytojo parašas
badge-machine = Ženklelių platformoms
badge-machine-paste = Norėdami pasiūlyti šį ženklelį ženklelių platformoje, įklijuokite šį adresą ten, kur platforma prašo ženklelio aprašo (BadgeClass) adreso:
badge-json-ob2 = Open Badges 2.0 ženklelio aprašas (JSON)
badge-json-ob3 = Open Badges 3.0 pasiekimas (JSON)
badge-json-issuer = Išdavėjo profilis (JSON)
