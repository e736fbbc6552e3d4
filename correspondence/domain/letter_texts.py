"""The wording of letters, in Chinese and the other UN languages. Each letter is printed in Chinese
and the guest's language, or English where the guest's is not among these."""
LETTER_LANGUAGES = ("zh-hans", "en", "ru", "fr", "ar", "es")

TITLES = {
    "invitation": {"zh-hans": "邀请函", "en": "Letter of Invitation", "ru": "Пригласительное письмо", "fr": "Lettre d'invitation",
                   "ar": "رسالة دعوة", "es": "Carta de invitación"},
    "visa": {"zh-hans": "邀请函（签证用）", "en": "Invitation Letter for Visa Application", "ru": "Приглашение для оформления визы",
             "fr": "Lettre d'invitation pour la demande de visa", "ar": "رسالة دعوة لطلب التأشيرة",
             "es": "Carta de invitación para la solicitud de visado"},
}

BODIES = {
    "invitation": {
        "zh-hans": "尊敬的{name}：\n我们谨诚挚邀请您于{dates}出席{event}。",
        "en": "Dear {name},\nWe have the honour to invite you to {event}, to be held on {dates}.",
        "ru": "Уважаемый(ая) {name}!\nИмеем честь пригласить Вас на мероприятие «{event}», которое состоится {dates}.",
        "fr": "Madame, Monsieur {name},\nNous avons l'honneur de vous inviter à {event}, qui se tiendra du {dates}.",
        "ar": "السيد/السيدة {name} المحترم،\nيشرفنا أن ندعوكم إلى {event} الذي سيعقد في {dates}.",
        "es": "Estimado/a {name}:\nTenemos el honor de invitarle a {event}, que se celebrará del {dates}.",
    },
    "visa": {
        "zh-hans": "兹邀请下列人员于{dates}来华出席{event}。其在华期间的活动由我方负责安排。请中国驻外使领馆予以办理签证为盼。",
        "en": "We hereby invite the person named below to visit China from {dates} to attend {event}. "
              "We are responsible for the programme of the visit. We kindly ask the Chinese embassy or consulate to issue a visa.",
        "ru": "Настоящим приглашаем нижеуказанное лицо посетить Китай в период {dates} для участия в мероприятии «{event}». "
              "Программу визита обеспечивает принимающая сторона. Просим посольство или консульство Китая выдать визу.",
        "fr": "Nous invitons par la présente la personne nommée ci-dessous à se rendre en Chine du {dates} pour participer à {event}. "
              "Nous assurons le programme de la visite. Nous prions l'ambassade ou le consulat de Chine de bien vouloir délivrer un visa.",
        "ar": "ندعو بموجب هذه الرسالة الشخص المذكور أدناه لزيارة الصين في الفترة {dates} لحضور {event}. "
              "نتولى ترتيب برنامج الزيارة. نرجو من سفارة الصين أو قنصليتها التكرم بمنح التأشيرة.",
        "es": "Por la presente invitamos a la persona indicada a visitar China del {dates} para asistir a {event}. "
              "Nos hacemos cargo del programa de la visita. Rogamos a la embajada o consulado de China que expida el visado.",
    },
}

LABELS = {
    "name": {"zh-hans": "姓名", "en": "Name", "ru": "Имя", "fr": "Nom", "ar": "الاسم", "es": "Nombre"},
    "nationality": {"zh-hans": "国籍", "en": "Nationality", "ru": "Гражданство", "fr": "Nationalité", "ar": "الجنسية", "es": "Nacionalidad"},
    "date_of_birth": {"zh-hans": "出生日期", "en": "Date of birth", "ru": "Дата рождения", "fr": "Date de naissance",
                      "ar": "تاريخ الميلاد", "es": "Fecha de nacimiento"},
    "passport": {"zh-hans": "护照号码", "en": "Passport number", "ru": "Номер паспорта", "fr": "Numéro de passeport",
                 "ar": "رقم جواز السفر", "es": "Número de pasaporte"},
    "gender": {"zh-hans": "性别", "en": "Sex", "ru": "Пол", "fr": "Sexe", "ar": "الجنس", "es": "Sexo"},
    "position": {"zh-hans": "职务", "en": "Position", "ru": "Должность", "fr": "Fonction", "ar": "المنصب", "es": "Cargo"},
    "purpose": {"zh-hans": "事由", "en": "Purpose", "ru": "Цель", "fr": "Objet", "ar": "الغرض", "es": "Motivo"},
    "dates": {"zh-hans": "停留时间", "en": "Duration of stay", "ru": "Сроки пребывания", "fr": "Durée du séjour",
              "ar": "مدة الإقامة", "es": "Duración de la estancia"},
    "reference": {"zh-hans": "编号", "en": "Reference", "ru": "Номер", "fr": "Référence", "ar": "المرجع", "es": "Referencia"},
    "issued": {"zh-hans": "日期", "en": "Date", "ru": "Дата", "fr": "Date", "ar": "التاريخ", "es": "Fecha"},
    "verify": {"zh-hans": "扫码核验本函真伪", "en": "Scan to verify this letter", "ru": "Проверка подлинности письма",
               "fr": "Scanner pour vérifier cette lettre", "ar": "امسح للتحقق من الرسالة", "es": "Escanee para verificar esta carta"},
    "purpose_text": {"zh-hans": "出席{event}", "en": "To attend {event}", "ru": "Участие в мероприятии «{event}»",
                     "fr": "Participation à {event}", "ar": "حضور {event}", "es": "Asistir a {event}"},
}


def second_language(guest_language: str) -> str:
    return guest_language if guest_language in LETTER_LANGUAGES and guest_language != "zh-hans" else "en"
