"""Raw material for the seeded world: visitors, places, devices and what they write, by language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Locale:
    code: str
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    # (country, region, city, latitude, longitude, browser timezone offset in minutes)
    places: tuple[tuple[str, str, str, float, float, int], ...]
    phone_prefix: str
    openers: tuple[str, ...]
    follow_ups: tuple[str, ...]
    subjects: tuple[str, ...]


LOCALES: tuple[Locale, ...] = (
    Locale(
        "en",
        ("Olivia", "James", "Amelia", "Noah", "Grace", "Liam", "Chloe", "Ethan", "Harper", "Mason"),
        ("Smith", "Johnson", "Brown", "Taylor", "Wilson", "Clarke", "Walker", "Hughes"),
        (
            ("US", "California", "San Francisco", 37.77, -122.42, 480),
            ("US", "New York", "Brooklyn", 40.68, -73.94, 300),
            ("GB", "England", "Manchester", 53.48, -2.24, 0),
            ("AU", "Victoria", "Melbourne", -37.81, 144.96, -600),
        ),
        "+1 415 555 ",
        (
            "Hi, I was charged twice for my subscription this month.",
            "Hello! How do I export my invoices as PDF?",
            "My password reset email never arrives, can you help?",
            "Is there a way to add a second admin to our workspace?",
            "The checkout page keeps spinning after I click Pay.",
            "Can I change the billing email on my account?",
        ),
        (
            "Any update on this?",
            "Thanks, that worked!",
            "I attached a screenshot.",
            "It happens on both Chrome and Safari.",
            "Order number is 48213.",
            "Still broken for me.",
        ),
        ("Double charge", "Invoice export", "Password reset", "Team seats", "Checkout stuck"),
    ),
    Locale(
        "fr",
        ("Camille", "Léa", "Hugo", "Chloé", "Louis", "Manon", "Théo", "Inès"),
        ("Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau"),
        (
            ("FR", "Île-de-France", "Paris", 48.86, 2.35, -60),
            ("FR", "Auvergne-Rhône-Alpes", "Lyon", 45.76, 4.84, -60),
            ("BE", "Bruxelles", "Bruxelles", 50.85, 4.35, -60),
            ("CA", "Québec", "Montréal", 45.50, -73.57, 300),
        ),
        "+33 6 12 ",
        (
            "Bonjour, je n'arrive pas à me connecter depuis ce matin.",
            "Bonjour, pouvez-vous m'envoyer une facture avec notre numéro de TVA ?",
            "Est-ce que l'offre annuelle inclut l'accès à l'API ?",
            "Ma commande n'est toujours pas arrivée, c'est normal ?",
        ),
        (
            "Merci beaucoup !",
            "Toujours le même problème.",
            "Voici la capture d'écran.",
            "C'est réglé, merci.",
            "Vous êtes là ?",
        ),
        ("Connexion impossible", "Facture TVA", "Offre annuelle", "Livraison en retard"),
    ),
    Locale(
        "de",
        ("Lukas", "Mia", "Leon", "Hannah", "Felix", "Lena", "Jonas", "Sophie"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker"),
        (
            ("DE", "Berlin", "Berlin", 52.52, 13.40, -60),
            ("DE", "Bayern", "München", 48.14, 11.58, -60),
            ("AT", "Wien", "Wien", 48.21, 16.37, -60),
            ("CH", "Zürich", "Zürich", 47.38, 8.54, -60),
        ),
        "+49 151 234 ",
        (
            "Hallo, die Zahlung per SEPA-Lastschrift schlägt immer fehl.",
            "Guten Tag, wie kann ich mein Konto löschen?",
            "Ist Ihre Software DSGVO-konform? Wir brauchen einen AV-Vertrag.",
            "Die App stürzt beim Hochladen von Dateien ab.",
        ),
        (
            "Danke für die schnelle Antwort!",
            "Leider funktioniert es immer noch nicht.",
            "Können Sie das bitte prüfen?",
            "Alles klar, vielen Dank.",
        ),
        ("SEPA-Zahlung", "Konto löschen", "DSGVO / AVV", "Absturz beim Upload"),
    ),
    Locale(
        "es",
        ("Lucía", "Mateo", "Sofía", "Hugo", "Valentina", "Daniel", "Martina", "Pablo"),
        ("García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez"),
        (
            ("ES", "Madrid", "Madrid", 40.42, -3.70, -60),
            ("ES", "Cataluña", "Barcelona", 41.39, 2.17, -60),
            ("MX", "Ciudad de México", "Ciudad de México", 19.43, -99.13, 360),
            ("AR", "Buenos Aires", "Buenos Aires", -34.60, -58.38, 180),
        ),
        "+34 612 34 ",
        (
            "Hola, ¿puedo cambiar de plan a mitad de mes?",
            "Buenas tardes, no recibo el código de verificación por SMS.",
            "¿Tienen descuento para ONG?",
            "El pedido llegó dañado, ¿cómo solicito la devolución?",
        ),
        ("¡Gracias!", "Sigue sin funcionar.", "Adjunto la foto del paquete.", "¿Hay novedades?"),
        ("Cambio de plan", "Código SMS", "Descuento ONG", "Devolución"),
    ),
    Locale(
        "ja",
        ("陽翔", "結衣", "蓮", "陽菜", "湊", "葵", "大和", "さくら"),
        ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本"),
        (
            ("JP", "東京都", "渋谷区", 35.66, 139.70, -540),
            ("JP", "大阪府", "大阪市", 34.69, 135.50, -540),
            ("JP", "北海道", "札幌市", 43.06, 141.35, -540),
        ),
        "+81 90 1234 ",
        (
            "こんにちは。請求書の宛名を変更できますか？",
            "ログインできません。パスワードは合っているはずです。",
            "日本語のサポートはありますか？",
            "アプリの通知が届きません。",
        ),
        (
            "ありがとうございます！",
            "まだ解決していません。",
            "スクリーンショットを送ります。",
            "承知しました。",
        ),
        ("請求書の宛名", "ログイン不可", "日本語サポート", "通知が届かない"),
    ),
    Locale(
        "zh",
        ("伟", "芳", "娜", "强", "敏", "静", "磊", "婷"),
        ("王", "李", "张", "刘", "陈", "杨", "黄"),
        (
            ("CN", "上海", "上海", 31.23, 121.47, -480),
            ("CN", "广东", "深圳", 22.54, 114.06, -480),
            ("TW", "台北", "台北", 25.03, 121.57, -480),
            ("SG", "Singapore", "Singapore", 1.35, 103.82, -480),
        ),
        "+86 138 0013 ",
        (
            "你好，我想申请退款，订单号是 20231188。",
            "请问你们支持支付宝付款吗？",
            "网站在手机上打不开，一直显示空白页。",
            "怎么修改我的收货地址？",
        ),
        ("谢谢！", "还是不行。", "好的，我再试一下。", "有进展吗？"),
        ("申请退款", "支付宝付款", "手机空白页", "修改地址"),
    ),
    Locale(
        "ar",
        ("محمد", "فاطمة", "أحمد", "مريم", "علي", "نور", "يوسف", "ليلى"),
        ("العلي", "حسن", "الخطيب", "منصور", "سليمان", "الحداد"),
        (
            ("AE", "Dubai", "Dubai", 25.20, 55.27, -240),
            ("SA", "Riyadh", "الرياض", 24.71, 46.68, -180),
            ("EG", "Cairo", "القاهرة", 30.04, 31.24, -120),
            ("MA", "Casablanca-Settat", "الدار البيضاء", 33.57, -7.59, -60),
        ),
        "+971 50 123 ",
        (
            "مرحبا، لم يصلني رمز التحقق بعد.",
            "السلام عليكم، هل يمكنني الدفع عبر التحويل البنكي؟",
            "التطبيق لا يعمل على هاتفي منذ التحديث الأخير.",
            "أريد إلغاء اشتراكي واسترداد المبلغ.",
        ),
        ("شكرا جزيلا!", "المشكلة ما زالت موجودة.", "هل من جديد؟", "تم الحل، شكرا."),
        ("رمز التحقق", "تحويل بنكي", "مشكلة بعد التحديث", "إلغاء الاشتراك"),
    ),
    Locale(
        "pt",
        ("João", "Ana", "Pedro", "Beatriz", "Gabriel", "Mariana"),
        ("Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira"),
        (
            ("BR", "São Paulo", "São Paulo", -23.55, -46.63, 180),
            ("PT", "Lisboa", "Lisboa", 38.72, -9.14, 0),
        ),
        "+55 11 91234 ",
        ("Olá, a nota fiscal não veio no e-mail.", "Bom dia, como integro com o WhatsApp?"),
        ("Obrigado!", "Ainda não funcionou.", "Alguma novidade?"),
        ("Nota fiscal", "Integração WhatsApp"),
    ),
)

# Operators answer in the visitor's language (the first browser locale); English otherwise.
OPERATOR_REPLIES: dict[str, tuple[str, ...]] = {
    "en": (
        "Thanks for reaching out! Let me look into this for you.",
        "I've checked your account: the duplicate charge has been refunded, it takes 3–5 days.",
        "Could you send me a screenshot of the error?",
        "This is fixed on our side now, could you try again?",
        "I've forwarded this to our engineering team, I'll get back to you today.",
        "You can find it under Settings → Billing → Invoices.",
    ),
    "fr": (
        "Merci pour votre message, je regarde ça tout de suite.",
        "Pourriez-vous m'envoyer une capture d'écran de l'erreur ?",
        "C'est corrigé de notre côté, pouvez-vous réessayer ?",
    ),
    "de": (
        "Danke für Ihre Geduld, das Problem ist behoben.",
        "Könnten Sie mir einen Screenshot des Fehlers schicken?",
        "Ich habe das an unser Technik-Team weitergeleitet.",
    ),
    "es": (
        "Gracias por escribirnos, ya lo revisamos.",
        "¿Podría enviarme una captura de pantalla del error?",
        "Ya está solucionado, ¿puede intentarlo de nuevo?",
    ),
    "pt": (
        "Obrigado pelo contato, vou verificar agora mesmo.",
        "Poderia me enviar uma captura de tela do erro?",
    ),
    "ja": (
        "お問い合わせありがとうございます。すぐに確認いたします。",
        "エラーのスクリーンショットを送っていただけますか？",
    ),
    "zh": (
        "感谢您的耐心，我们马上为您查看。",
        "问题已经修复了，请再试一次。",
    ),
    "ar": (
        "شكرًا لتواصلك معنا، سأتحقق من الأمر فورًا.",
        "هل يمكنك إرسال لقطة شاشة للخطأ؟",
    ),
}

NOTES: tuple[str, ...] = (
    "VIP customer, handle with care.",
    "Refund approved by finance.",
    "Possible duplicate of the outage ticket.",
    "Asked for a callback tomorrow morning.",
    "Second time this month — escalate if it happens again.",
)

SEGMENTS: tuple[str, ...] = (
    "vip",
    "billing",
    "bug",
    "trial",
    "enterprise",
    "refund",
    "onboarding",
    "churn-risk",
    "api",
)

PLANS: tuple[str, ...] = ("free", "starter", "pro", "enterprise")

# (os name, os version, engine name, engine version, browser name, browser version, user agent)
DEVICES: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (
        "Mac OS",
        "14.4",
        "WebKit",
        "605.1.15",
        "Safari",
        "17.4",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.4 Safari/605.1.15",
    ),
    (
        "Windows",
        "10",
        "Blink",
        "124.0",
        "Chrome",
        "124.0.6367.91",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.6367.91 Safari/537.36",
    ),
    (
        "Linux",
        "x86_64",
        "Gecko",
        "125.0",
        "Firefox",
        "125.0",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    ),
    (
        "iOS",
        "17.4.1",
        "WebKit",
        "605.1.15",
        "Mobile Safari",
        "17.4",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    ),
    (
        "Android",
        "14",
        "Blink",
        "124.0",
        "Chrome",
        "124.0.6367.82",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.6367.82 Mobile Safari/537.36",
    ),
)

# (first name, last name, email, role, availability)
OPERATORS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Alice", "Moreau", "alice@acme.example", "owner", "online"),
    ("Bilal", "Haddad", "bilal@acme.example", "member", "online"),
    ("Chen", "Wei", "chen@acme.example", "member", "away"),
    ("Dana", "Kowalski", "dana@acme.example", "member", "offline"),
    ("Emeka", "Okafor", "emeka@acme.example", "owner", "offline"),
)

# (inbox id, name, emoji): seeded conversations go to one of them or to none (the main inbox).
INBOX_DETAILS: tuple[tuple[str, str, str], ...] = (
    ("3f1b8c2a-6d4e-4f5a-9b7c-1a2b3c4d5e6f", "Sales", "💼"),
    ("7e9d0c1b-2a3f-4e5d-8c7b-6a5f4e3d2c1b", "Support", "🛟"),
)
INBOXES: tuple[str, ...] = tuple(inbox_id for inbox_id, _, _ in INBOX_DETAILS)
