# Numatytosios temos sąsajos tekstai, lietuvių kalba.

site-title = Pasaulio paveldas – jaunimo rankose
language-name = Lietuvių

## Navigacija
skip-to-content = Pereiti prie turinio
nav-main-label = Pagrindinis meniu
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

## Nerasta
not-found-title = Puslapis nerastas
not-found-text = Tokio puslapio nėra. Galbūt jis perkeltas arba nuoroda parašyta su klaida.

## Vertimo būsena
not-translated = Šis puslapis į lietuvių kalbą dar neišverstas, todėl rodomas kalba: { $language }.
tag-untranslated = dar neišversta

## Pradžia ir sąrašai
root-choose-language = Pasirinkite kalbą
home-stats = { $lessons ->
    [one] { $less