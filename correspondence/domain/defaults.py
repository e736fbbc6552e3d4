"""The wording shipped with Liaison for every kind of message, in the six UN languages (Chinese,
English, Russian, French, Arabic, Spanish). An event overrides a kind with its own template."""
# ruff: noqa: E501 - one message per line reads best
D = "{guest.full_name}"

DEFAULTS = {
    "invitation": {
        "zh-hans": ("邀请：{event.name}", "尊敬的{guest.full_name}：\n\n我们荣幸地邀请您出席{event.name}（{event.dates}）。\n\n请于{deadline}前确认出席。\n{portal_link}\n\n此致\n敬礼"),
        "en": ("Invitation: {event.name}", "Dear " + D + ",\n\nWe have the honour to invite you to {event.name} ({event.dates}).\n\nPlease confirm your attendance by {deadline}.\n{portal_link}\n\nYours sincerely"),
        "ru": ("Приглашение: {event.name}", "Уважаемый(ая) " + D + "!\n\nИмеем честь пригласить Вас на мероприятие «{event.name}» ({event.dates}).\n\nПросим подтвердить участие до {deadline}.\n{portal_link}\n\nС уважением"),
        "fr": ("Invitation : {event.name}", "Madame, Monsieur " + D + ",\n\nNous avons l'honneur de vous inviter à {event.name} ({event.dates}).\n\nMerci de confirmer votre participation avant le {deadline}.\n{portal_link}\n\nVeuillez agréer nos salutations distinguées"),
        "ar": ("دعوة: {event.name}", "السيد/السيدة " + D + " المحترم،\n\nيشرفنا أن ندعوكم إلى {event.name} ({event.dates}).\n\nيرجى تأكيد الحضور قبل {deadline}.\n{portal_link}\n\nمع خالص التحيات"),
        "es": ("Invitación: {event.name}", "Estimado/a " + D + ":\n\nTenemos el honor de invitarle a {event.name} ({event.dates}).\n\nLe rogamos confirme su asistencia antes del {deadline}.\n{portal_link}\n\nAtentamente"),
    },
    "data_request": {
        "zh-hans": ("请提供参会信息：{event.name}", "尊敬的{guest.full_name}：\n\n为办理{event.name}的注册及签证手续，请于{deadline}前提供护照信息及抵离航班。\n{portal_link}\n\n谢谢！"),
        "en": ("Information needed: {event.name}", "Dear " + D + ",\n\nFor your registration and visa for {event.name}, please send us your passport details and flights by {deadline}.\n{portal_link}\n\nThank you"),
        "ru": ("Просим предоставить данные: {event.name}", "Уважаемый(ая) " + D + "!\n\nДля регистрации и оформления визы на «{event.name}» просим до {deadline} сообщить паспортные данные и рейсы.\n{portal_link}\n\nБлагодарим"),
        "fr": ("Informations demandées : {event.name}", "Madame, Monsieur " + D + ",\n\nPour votre inscription et votre visa pour {event.name}, merci de nous transmettre vos données de passeport et vos vols avant le {deadline}.\n{portal_link}\n\nMerci"),
        "ar": ("معلومات مطلوبة: {event.name}", "السيد/السيدة " + D + " المحترم،\n\nلإتمام التسجيل والتأشيرة لـ{event.name}، يرجى إرسال بيانات جواز السفر والرحلات قبل {deadline}.\n{portal_link}\n\nشكراً"),
        "es": ("Datos necesarios: {event.name}", "Estimado/a " + D + ":\n\nPara su inscripción y visado para {event.name}, le rogamos nos envíe los datos de su pasaporte y sus vuelos antes del {deadline}.\n{portal_link}\n\nGracias"),
    },
    "registration_confirmation": {
        "zh-hans": ("注册确认：{event.name}", "尊敬的{guest.full_name}：\n\n您已成功注册{event.name}（{event.dates}）。\n{feed_link}"),
        "en": ("Registration confirmed: {event.name}", "Dear " + D + ",\n\nYour registration for {event.name} ({event.dates}) is confirmed.\n{feed_link}"),
        "ru": ("Регистрация подтверждена: {event.name}", "Уважаемый(ая) " + D + "!\n\nВаша регистрация на «{event.name}» ({event.dates}) подтверждена.\n{feed_link}"),
        "fr": ("Inscription confirmée : {event.name}", "Madame, Monsieur " + D + ",\n\nVotre inscription à {event.name} ({event.dates}) est confirmée.\n{feed_link}"),
        "ar": ("تأكيد التسجيل: {event.name}", "السيد/السيدة " + D + " المحترم،\n\nتم تأكيد تسجيلكم في {event.name} ({event.dates}).\n{feed_link}"),
        "es": ("Inscripción confirmada: {event.name}", "Estimado/a " + D + ":\n\nSu inscripción en {event.name} ({event.dates}) está confirmada.\n{feed_link}"),
    },
    "approval": {
        "zh-hans": ("参会申请已批准：{event.name}", "尊敬的{guest.full_name}：\n\n您出席{event.name}的申请已获批准。期待在{event.start_date}与您见面。\n{feed_link}"),
        "en": ("Your participation is approved: {event.name}", "Dear " + D + ",\n\nYour participation in {event.name} has been approved. We look forward to welcoming you on {event.start_date}.\n{feed_link}"),
        "ru": ("Ваше участие одобрено: {event.name}", "Уважаемый(ая) " + D + "!\n\nВаше участие в «{event.name}» одобрено. Ждём Вас {event.start_date}.\n{feed_link}"),
        "fr": ("Participation approuvée : {event.name}", "Madame, Monsieur " + D + ",\n\nVotre participation à {event.name} est approuvée. Nous serons heureux de vous accueillir le {event.start_date}.\n{feed_link}"),
        "ar": ("تمت الموافقة على مشاركتكم: {event.name}", "السيد/السيدة " + D + " المحترم،\n\nتمت الموافقة على مشاركتكم في {event.name}. نتطلع إلى استقبالكم في {event.start_date}.\n{feed_link}"),
        "es": ("Participación aprobada: {event.name}", "Estimado/a " + D + ":\n\nSu participación en {event.name} ha sido aprobada. Le esperamos el {event.start_date}.\n{feed_link}"),
    },
    "rejection": {
        "zh-hans": ("关于{event.name}", "尊敬的{guest.full_name}：\n\n很遗憾，我们此次无法确认您出席{event.name}。感谢您的关注。"),
        "en": ("About {event.name}", "Dear " + D + ",\n\nWe regret that we are unable to confirm your participation in {event.name}. Thank you for your interest."),
        "ru": ("О мероприятии «{event.name}»", "Уважаемый(ая) " + D + "!\n\nК сожалению, мы не можем подтвердить Ваше участие в «{event.name}». Благодарим за интерес."),
        "fr": ("À propos de {event.name}", "Madame, Monsieur " + D + ",\n\nNous regrettons de ne pouvoir confirmer votre participation à {event.name}. Merci de votre intérêt."),
        "ar": ("بخصوص {event.name}", "السيد/السيدة " + D + " المحترم،\n\nنأسف لعدم تمكننا من تأكيد مشاركتكم في {event.name}. شكراً لاهتمامكم."),
        "es": ("Sobre {event.name}", "Estimado/a " + D + ":\n\nLamentamos no poder confirmar su participación en {event.name}. Gracias por su interés."),
    },
    "visa_letter_cover": {
        "zh-hans": ("签证邀请函：{event.name}", "尊敬的{guest.full_name}：\n\n附件为您办理签证所需的邀请函。请将其提交至中国驻外使领馆。"),
        "en": ("Visa invitation letter: {event.name}", "Dear " + D + ",\n\nAttached is the invitation letter for your visa application. Please present it to the Chinese embassy or consulate."),
        "ru": ("Визовое приглашение: {event.name}", "Уважаемый(ая) " + D + "!\n\nВо вложении — приглашение для оформления визы. Просим представить его в посольство или консульство Китая."),
        "fr": ("Lettre d'invitation pour le visa : {event.name}", "Madame, Monsieur " + D + ",\n\nVous trouverez ci-joint la lettre d'invitation pour votre demande de visa, à présenter à l'ambassade ou au consulat de Chine."),
        "ar": ("رسالة دعوة للتأشيرة: {event.name}", "السيد/السيدة " + D + " المحترم،\n\nمرفق رسالة الدعوة لطلب التأشيرة. يرجى تقديمها إلى سفارة الصين أو قنصليتها."),
        "es": ("Carta de invitación para el visado: {event.name}", "Estimado/a " + D + ":\n\nAdjuntamos la carta de invitación para su solicitud de visado. Preséntela en la embajada o consulado de China."),
    },
    "programme_update": {
        "zh-hans": ("日程更新：{event.name}", "尊敬的{guest.full_name}：\n\n{event.name}的日程已更新。订阅日历即可查看最新安排：\n{feed_link}"),
        "en": ("Programme update: {event.name}", "Dear " + D + ",\n\nThe programme of {event.name} has changed. Your calendar shows the latest:\n{feed_link}"),
        "ru": ("Изменения в программе: {event.name}", "Уважаемый(ая) " + D + "!\n\nПрограмма «{event.name}» изменилась. Актуальная версия — в Вашем календаре:\n{feed_link}"),
        "fr": ("Programme mis à jour : {event.name}", "Madame, Monsieur " + D + ",\n\nLe programme de {event.name} a changé. Votre calendrier affiche la version à jour :\n{feed_link}"),
        "ar": ("تحديث البرنامج: {event.name}", "السيد/السيدة " + D + " المحترم،\n\nتم تحديث برنامج {event.name}. يعرض تقويمكم آخر التعديلات:\n{feed_link}"),
        "es": ("Programa actualizado: {event.name}", "Estimado/a " + D + ":\n\nEl programa de {event.name} ha cambiado. Su calendario muestra la versión actual:\n{feed_link}"),
    },
}
SHIPPED_LANGUAGES = ("zh-hans", "en", "ru", "fr", "ar", "es")


def default_texts(kind: str) -> dict:
    """{language: {"subject", "body"}} shipped for `kind` (empty for free text)."""
    return {language: {"subject": subject, "body": body} for language, (subject, body) in DEFAULTS.get(kind, {}).items()}
