### source_digest: e880085c45016c24fddf75df4623288c3c65fcf3d865d7186fd22cfd083ff51a

# Textes de l’interface du thème par défaut, en français.
# Chaque message s’écrit `id = texte` ; les variables s’écrivent { $nom }.

site-title = Le patrimoine mondial aux mains des jeunes
language-name = Français

## Navigation
skip-to-content = Aller au contenu
nav-main-label = Menu principal
nav-footer-label = À propos du site
nav-home = Accueil
nav-lessons = Leçons
nav-badges = Badges
language-switcher-label = Langue
breadcrumb-label = Vous êtes ici
footer-text = Leçons et badges numériques ouverts pour enseigner le patrimoine mondial, d’après le kit pédagogique de l’UNESCO « Le patrimoine mondial aux mains des jeunes ». Ce site fonctionne aussi hors ligne.

## Recherche
search-title = Recherche
search-label = Rechercher dans les leçons
search-placeholder = p. ex. isthme de Courlande
search-button = Rechercher
search-needs-js = La recherche nécessite JavaScript. Vous pouvez parcourir les leçons depuis la page des leçons.
search-help = Tapez un mot ou son début. Les majuscules et les accents ne comptent pas : « eglise » trouve « église ». Les flèches du clavier parcourent les résultats.
search-results-label = Résultats de la recherche
# $count (String) - le nombre de résultats, inséré par le script de la page
search-results-count = Résultats : { $count }
search-no-results = Aucun résultat. Essayez avec moins de mots, ou seulement le début d’un mot.
search-too-short = Tapez au moins deux lettres.
search-index-missing = L’index de recherche n’a pas pu être chargé. Vous pouvez parcourir les leçons depuis la page des leçons.

## Impression
print-unit = Imprimer toute l’unité
# $unit (String) - le titre de l’unité
print-unit-title = { $unit } : toutes les leçons
print-unit-intro = Toutes les leçons de cette unité sur une seule page, dans l’ordre, pour l’impression.
print-button = Imprimer

## Page introuvable
not-found-title = Page introuvable
not-found-text = Cette page n’existe pas. Elle a peut-être été déplacée, ou le lien contient une faute de frappe.

## État de la traduction
# $language (String) - le nom de la langue dans laquelle le texte est affiché
not-translated = Cette page n’a pas encore été traduite en français ; elle est affichée dans sa langue d’origine ({ $language }).
tag-untranslated = pas encore traduit
translation-stale = Le texte original a été modifié depuis cette traduction ; certains passages ne sont peut-être plus à jour.
# $language (String) - le nom de la langue de l’original
translation-stale-original = Lire l’original ({ $language })

## Accueil et listes
root-choose-language = Choisissez votre langue
# $lessons (Number), $badges (Number)
home-stats = { $lessons ->
    [one] { $lessons } leçon
    [many] { $lessons } de leçons
   *[other] { $lessons } leçons
} et { $badges ->
    [one] { $badges } badge ouvert
    [many] { $badges } de badges ouverts
   *[other] { $badges } badges ouverts
} pour les classes du secondaire
home-units = Les unités du guide
home-badges-link = Voir les badges ouverts
# $number (Number)
unit-label = Unité { $number }
# $count (Number)
unit-lessons = { $count ->
    [one] { $count } leçon
    [many] { $count } de leçons
   *[other] { $count } leçons
}

## Leçon
lesson-facts = La leçon en bref
lesson-age = Âge
# $age (String) - une tranche d’âge comme 12-15
lesson-age-value = { $age } ans
lesson-duration = Durée
# $minutes (Number)
lesson-duration-value = { $minutes ->
    [one] { $minutes } minute
    [many] { $minutes } de minutes
   *[other] { $minutes } minutes
}
lesson-subjects = Disciplines
lesson-objectives = Objectifs d’apprentissage
lesson-badges = Compte pour les badges
lesson-pager-label = Leçon précédente et leçon suivante
lesson-prev = Leçon précédente
lesson-next = Leçon suivante

## Badges
badges-across-units = Plusieurs unités
badge-criteria = Critères
badge-lessons = Leçons qui comptent pour ce badge
badge-alignment = Référentiels
badge-tags = Mots-clés
# $name (String)
badge-image-alt = Badge : { $name }
badges-other = Autres badges
# $count (Number)
badge-lesson-count = { $count ->
    [one] { $count } leçon
    [many] { $count } de leçons
   *[other] { $count } leçons
}
badge-eyebrow = Badge ouvert
badge-criteria-intro = Pour obtenir ce badge, montrez que vous savez faire chacune de ces choses. Cochez chaque critère quand votre enseignant ou enseignante estime qu’il est rempli.
badge-narrative = Les critères en détail
badge-no-lessons = Aucune leçon ne compte encore pour ce badge.
badge-print = Imprimer la grille des critères
badge-sheet-learner = Élève
badge-sheet-class = Classe
badge-sheet-date = Date
badge-sheet-teacher = Signature de l’enseignant ou de l’enseignante
badge-machine = Pour les plateformes de badges
badge-machine-paste = Pour proposer ce badge sur une plateforme de badges, collez cette adresse là où la plateforme demande l’URL d’une BadgeClass :
badge-json-ob2 = BadgeClass Open Badges 2.0 (JSON)
badge-json-ob3 = Achievement Open Badges 3.0 (JSON)
badge-json-issuer = Profil de l’émetteur (JSON)
