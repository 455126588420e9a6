### source_digest: e880085c45016c24fddf75df4623288c3c65fcf3d865d7186fd22cfd083ff51a

# نصوص واجهة القالب الافتراضي باللغة العربية الفصحى.
# كل رسالة تُكتب بالشكل `id = النص`، والمتغيرات تُكتب { $name }.

site-title = التراث العالمي في أيدي الشباب
language-name = العربية

## التنقل
skip-to-content = الانتقال إلى المحتوى
nav-main-label = القائمة الرئيسية
nav-footer-label = عن هذا الموقع
nav-home = الصفحة الرئيسية
nav-lessons = الدروس
nav-badges = الشارات
language-switcher-label = اللغة
breadcrumb-label = أنت هنا
footer-text = دروس وشارات رقمية مفتوحة لتعليم التراث العالمي، مستوحاة من الحقيبة التعليمية لليونسكو «التراث العالمي في أيدي الشباب». يعمل هذا الموقع أيضًا دون اتصال بالإنترنت.

## البحث
search-title = البحث
search-label = البحث في الدروس
search-placeholder = مثلًا: لسان كورونيا
search-button = ابحث
search-needs-js = يتطلب البحث تفعيل JavaScript. يمكنك بدلًا من ذلك تصفح الدروس من صفحة الدروس.
search-help = اكتب كلمة أو بدايتها. لا أهمية للحروف الكبيرة أو علامات التشكيل. استخدم مفاتيح الأسهم للتنقل بين النتائج.
search-results-label = نتائج البحث
# $count (String) - عدد النتائج، يضيفه سكربت الصفحة
search-results-count = النتائج: { $count }
search-no-results = لم يُعثر على شيء. جرّب كلمات أقل، أو بداية كلمة فقط.
search-too-short = اكتب حرفين على الأقل.
search-index-missing = تعذّر تحميل فهرس البحث. يمكنك تصفح الدروس من صفحة الدروس.

## الطباعة
print-unit = اطبع الوحدة كاملة
# $unit (String) - عنوان الوحدة
print-unit-title = { $unit }: جميع الدروس
print-unit-intro = جميع دروس هذه الوحدة في صفحة واحدة وبالترتيب، للطباعة.
print-button = اطبع

## الصفحة غير موجودة
not-found-title = الصفحة غير موجودة
not-found-text = هذه الصفحة غير موجودة. ربما نُقلت إلى مكان آخر، أو ربما في الرابط خطأ مطبعي.

## حالة الترجمة
# $language (String) - اسم اللغة التي يُعرض بها النص
not-translated = لم تُترجَم هذه الصفحة إلى العربية بعد، لذلك تُعرض بلغتها الأصلية: { $language }.
tag-untranslated = لم يُترجَم بعد
translation-stale = تغيّر النص الأصلي بعد إعداد هذه الترجمة، لذا قد تكون بعض أجزائها غير محدَّثة.
# $language (String) - اسم لغة النص الأصلي
translation-stale-original = اقرأ النص الأصلي ({ $language })

## الصفحة الرئيسية والقوائم
root-choose-language = اختر لغتك
# $lessons (Number), $badges (Number)
home-stats = { $lessons ->
    [zero] لا دروس
    [one] درس واحد
    [two] درسان
    [few] { $lessons } دروس
    [many] { $lessons } درسًا
   *[other] { $lessons } درس
} و{ $badges ->
    [zero] لا شارات مفتوحة
    [one] شارة مفتوحة واحدة
    [two] شارتان مفتوحتان
    [few] { $badges } شارات مفتوحة
    [many] { $badges } شارةً مفتوحة
   *[other] { $badges } شارة مفتوحة
} لصفوف المرحلة الثانوية
home-units = وحدات الدليل
home-badges-link = اطّلع على الشارات المفتوحة
# $number (Number)
unit-label = الوحدة { $number }
# $count (Number)
unit-lessons = { $count ->
    [zero] لا دروس
    [one] درس واحد
    [two] درسان
    [few] { $count } دروس
    [many] { $count } درسًا
   *[other] { $count } درس
}

## الدرس
lesson-facts = معلومات الدرس
lesson-age = العمر
# $age (String) - فئة عمرية مثل 12-15
lesson-age-value = { $age } سنة
lesson-duration = المدة
# $minutes (Number)
lesson-duration-value = { $minutes ->
    [zero] { $minutes } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتان
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقةً
   *[other] { $minutes } دقيقة
}
lesson-subjects = المواد الدراسية
lesson-objectives = أهداف التعلّم
lesson-badges = يُحتسَب ضمن
lesson-pager-label = الدرس السابق والدرس التالي
lesson-prev = الدرس السابق
lesson-next = الدرس التالي

## الشارات
badges-across-units = عبر عدة وحدات
badge-criteria = المعايير
badge-lessons = الدروس التي تُحتسَب لنيل هذه الشارة
badge-alignment = المواءمة
badge-tags = الوسوم
# $name (String)
badge-image-alt = شارة: { $name }
badges-other = شارات أخرى
# $count (Number)
badge-lesson-count = { $count ->
    [zero] لا دروس
    [one] درس واحد
    [two] درسان
    [few] { $count } دروس
    [many] { $count } درسًا
   *[other] { $count } درس
}
badge-eyebrow = شارة مفتوحة
badge-criteria-intro = لنيل هذه الشارة، أثبِت أنك قادر على القيام بكل واحد مما يلي، وضع علامة على كل معيار عندما يوافق معلّمك على أنه قد تحقّق.
badge-narrative = المعايير بالتفصيل
badge-no-lessons = لا يُحتسَب أي درس لنيل هذه الشارة حتى الآن.
badge-print = اطبع ورقة المعايير
badge-sheet-learner = المتعلّم
badge-sheet-class = الصف
badge-sheet-date = التاريخ
badge-sheet-teacher = توقيع المعلّم
badge-machine = لمنصات الشارات
badge-machine-paste = لعرض هذه الشارة على منصة للشارات، الصق هذا العنوان حيث تطلب المنصة عنوان URL لفئة الشارة (BadgeClass):
badge-json-ob2 = فئة الشارة وفق Open Badges 2.0 بصيغة JSON
badge-json-ob3 = الإنجاز وفق Open Badges 3.0 بصيغة JSON
badge-json-issuer = ملف الجهة المانحة بصيغة JSON
