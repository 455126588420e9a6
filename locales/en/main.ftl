# UI strings of the default theme, English (the reference language).
# Each message is `id = text`; variables are written { $name }.

site-title = World Heritage in Young Hands
language-name = English

## Navigation
skip-to-content = Skip to content
nav-main-label = Main
nav-footer-label = About this site
nav-home = Home
nav-lessons = Lessons
nav-badges = Badges
language-switcher-label = Language
breadcrumb-label = You are here
footer-text = Lessons and open badges for teaching World Heritage, after the UNESCO teacher kit “World Heritage in Young Hands”. This site works offline.

## Search
search-title = Search
search-label = Search the lessons
search-placeholder = e.g. Curonian Spit
search-button = Search
search-needs-js = Search needs JavaScript. Browse the lessons from the lessons page instead.
search-help = Type a word or the start of one. Capitals and accents do not matter: “kursiu” finds “Kuršių”. Use the arrow keys to move through the results.
search-results-label = Search results
# $count (String) - the number of results, filled in by the page's script
search-results-count = Results: { $count }
search-no-results = Nothing found. Try fewer words, or only the start of a word.
search-too-short = Type at least two letters.
search-index-missing = The search index could not be loaded. Browse the lessons from the lessons page instead.

## Print
print-unit = Print the whole unit
# $unit (String) - the unit's title
print-unit-title = { $unit }: all lessons
print-unit-intro = Every lesson of this unit on one page, in order, for printing.
print-button = Print

## Not found
not-found-title = Page not found
not-found-text = This page does not exist. It may have moved, or the link may be mistyped.

## Translation status
# $language (String) - the name of the language the text is shown in
not-translated = This page has not been translated into English yet, so it is shown in { $language }.
tag-untranslated = not yet translated
translation-stale = The original text has changed since this translation was made, so parts of it may be out of date.
# $language (String) - the name of the default language, in which the original is written
translation-stale-original = Read the original ({ $language })

## Home and lists
root-choose-language = Choose your language
# $lessons (Number), $badges (Number)
home-stats = { $lessons ->
    [one] { $lessons } lesson
   *[other] { $lessons } lessons
} and { $badges ->
    [one] { $badges } open badge
   *[other] { $badges } open badges
} for secondary-school classes
home-units = Units of the guide
home-badges-link = See the open badges
# $number (Number)
unit-label = Unit { $number }
# $count (Number)
unit-lessons = { $count ->
    [one] { $count } lesson
   *[other] { $count } lessons
}

## Lesson
lesson-facts = Lesson facts
lesson-age = Age
# $age (String) - an age range such as 12-15
lesson-age-value = { $age } years
lesson-duration = Duration
# $minutes (Number)
lesson-duration-value = { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}
lesson-subjects = Subjects
lesson-objectives = Learning objectives
lesson-badges = Counts toward
lesson-pager-label = Previous and next lesson
lesson-prev = Previous lesson
lesson-next = Next lesson

## Badges
badges-across-units = Across units
badge-criteria = Criteria
badge-lessons = Lessons that count toward this badge
badge-alignment = Alignment
badge-tags = Tags
# $name (String)
badge-image-alt = Badge: { $name }
badges-other = Other badges
# $count (Number)
badge-lesson-count = { $count ->
    [one] { $count } lesson
   *[other] { $count } lessons
}
badge-eyebrow = Open badge
badge-criteria-intro = To earn this badge, show that you can do each of these. Tick each one when your teacher agrees it is met.
badge-narrative = The criteria in detail
badge-no-lessons = No lesson counts toward this badge yet.
badge-print = Print the criteria sheet
badge-sheet-learner = Learner
badge-sheet-class = Class
badge-sheet-date = Date
badge-sheet-teacher = Teacher’s signature
badge-machine = For badge platforms
badge-machine-paste = To offer this badge on a badge platform, paste this address where the platform asks for the URL of a BadgeClass:
badge-json-ob2 = Open Badges 2.0 BadgeClass (JSON)
badge-json-ob3 = Open Badges 3.0 Achievement (JSON)
badge-json-issuer = Issuer profile (JSON)
