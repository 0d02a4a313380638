/**
 * The region's official abbreviations and the names they stand for, in each language (issue 31): data,
 * reviewed by people who read these languages, used as query-time synonyms in both directions
 * (`query-synonyms.ts`). Each group is one ministry, state or organisation; every form in it finds
 * every other. A form is an abbreviation (one word) or a name (several words, matched by their stems).
 *
 * To add one: append a form to its group (or a new group), with the language it is written in; the test
 * `services/feeds/test/query-synonyms.test.ts` checks every form of every group, and that no
 * abbreviation stands in two groups. Keep groups to what an official text calls the same body: the
 * foreign minister is in the ministry's group (people search "МИД" for the minister's meetings); a
 * country's parliament is not in the country's.
 */
export type FormLanguage = "ru" | "kk" | "en" | "uz" | "ky" | "tg";

export interface AbbreviationGroup {
  /** What the group names, in English (for people reading this file and the tests). */
  concept: string;
  forms: readonly (readonly [FormLanguage, string])[];
}

export const officialAbbreviations: readonly AbbreviationGroup[] = [
  {
    concept: "Ministry of Foreign Affairs (and its minister)",
    forms: [
      ["ru", "МИД"],
      ["ru", "Министерство иностранных дел"],
      ["ru", "министр иностранных дел"],
      ["kk", "СІМ"],
      ["kk", "Сыртқы істер министрлігі"],
      ["kk", "Сыртқы істер министрі"],
      ["en", "MFA"],
      ["en", "Ministry of Foreign Affairs"],
      ["en", "Minister of Foreign Affairs"],
      ["en", "Foreign Ministry"],
      ["en", "Foreign Minister"],
      ["uz", "ТИВ"],
      ["uz", "TIV"],
      ["uz", "Ташқи ишлар вазирлиги"],
      ["uz", "Tashqi ishlar vazirligi"],
      ["ky", "ТИМ"],
      ["ky", "Тышкы иштер министрлиги"],
      ["tg", "ВКХ"],
      ["tg", "Вазорати корҳои хориҷӣ"],
    ],
  },
  {
    concept: "Ministry of Internal Affairs",
    forms: [
      ["ru", "МВД"],
      ["ru", "Министерство внутренних дел"],
      ["kk", "ІІМ"],
      ["kk", "Ішкі істер министрлігі"],
      ["en", "Ministry of Internal Affairs"],
      ["en", "Interior Ministry"],
      ["uz", "ИИВ"],
      ["uz", "IIV"],
      ["uz", "Ички ишлар вазирлиги"],
      ["uz", "Ichki ishlar vazirligi"],
      ["ky", "ИИМ"],
      ["ky", "Ички иштер министрлиги"],
      ["tg", "ВКД"],
      ["tg", "Вазорати корҳои дохилӣ"],
    ],
  },
  {
    concept: "Republic of Kazakhstan",
    forms: [
      ["ru", "РК"],
      ["ru", "Республика Казахстан"],
      ["kk", "ҚР"],
      ["kk", "Қазақстан Республикасы"],
      ["en", "Republic of Kazakhstan"],
    ],
  },
  {
    concept: "Kyrgyz Republic",
    forms: [
      ["ru", "КР"],
      ["ru", "Кыргызская Республика"],
      ["ky", "Кыргыз Республикасы"],
      ["kk", "Қырғыз Республикасы"],
      ["en", "Kyrgyz Republic"],
    ],
  },
  {
    concept: "Republic of Uzbekistan",
    forms: [
      ["ru", "РУз"],
      ["ru", "Республика Узбекистан"],
      ["uz", "ЎзР"],
      ["uz", "Ўзбекистон Республикаси"],
      ["uz", "O'zbekiston Respublikasi"],
      ["kk", "Өзбекстан Республикасы"],
      ["en", "Republic of Uzbekistan"],
    ],
  },
  {
    concept: "Republic of Tajikistan",
    forms: [
      ["ru", "РТ"],
      ["ru", "Республика Таджикистан"],
      ["tg", "ҶТ"],
      ["tg", "Ҷумҳурии Тоҷикистон"],
      ["kk", "Тәжікстан Республикасы"],
      ["en", "Republic of Tajikistan"],
    ],
  },
  {
    concept: "Russian Federation",
    forms: [
      ["ru", "РФ"],
      ["ru", "Российская Федерация"],
      ["kk", "Ресей Федерациясы"],
      ["en", "Russian Federation"],
    ],
  },
  {
    concept: "United Nations",
    forms: [
      ["ru", "ООН"],
      ["ru", "Организация Объединённых Наций"],
      ["kk", "БҰҰ"],
      ["kk", "Біріккен Ұлттар Ұйымы"],
      ["en", "UN"],
      ["en", "United Nations"],
      ["uz", "БМТ"],
      ["uz", "BMT"],
      ["uz", "Бирлашган Миллатлар Ташкилоти"],
      ["uz", "Birlashgan Millatlar Tashkiloti"],
      ["ky", "БУУ"],
      ["ky", "Бириккен Улуттар Уюму"],
      ["tg", "СММ"],
      ["tg", "Созмони Милали Муттаҳид"],
    ],
  },
  {
    concept: "Commonwealth of Independent States",
    forms: [
      ["ru", "СНГ"],
      ["ru", "Содружество Независимых Государств"],
      ["kk", "ТМД"],
      ["kk", "Тәуелсіз Мемлекеттер Достастығы"],
      ["en", "CIS"],
      ["en", "Commonwealth of Independent States"],
      ["uz", "МДҲ"],
      ["uz", "MDH"],
      ["uz", "Мустақил Давлатлар Ҳамдўстлиги"],
      ["ky", "КМШ"],
      ["ky", "Көз карандысыз Мамлекеттердин Шериктештиги"],
      ["tg", "ИДМ"],
      ["tg", "Иттиҳоди Давлатҳои Мустақил"],
    ],
  },
  {
    concept: "Eurasian Economic Union",
    forms: [
      ["ru", "ЕАЭС"],
      ["ru", "Евразийский экономический союз"],
      ["kk", "ЕАЭО"],
      ["kk", "Еуразиялық экономикалық одақ"],
      ["en", "EAEU"],
      ["en", "Eurasian Economic Union"],
      ["ky", "ЕАЭБ"],
      ["ky", "Евразиялык экономикалык биримдик"],
      ["uz", "ЕОИИ"],
      ["uz", "Евроосиё иқтисодий иттифоқи"],
    ],
  },
  {
    concept: "Shanghai Cooperation Organisation",
    forms: [
      ["ru", "ШОС"],
      ["ru", "Шанхайская организация сотрудничества"],
      ["kk", "ШЫҰ"],
      ["kk", "Шанхай ынтымақтастық ұйымы"],
      ["en", "SCO"],
      ["en", "Shanghai Cooperation Organisation"],
      ["en", "Shanghai Cooperation Organization"],
      ["uz", "ШҲТ"],
      ["uz", "SHT"],
      ["uz", "Шанхай ҳамкорлик ташкилоти"],
      ["uz", "Shanxay hamkorlik tashkiloti"],
      ["ky", "ШКУ"],
      ["ky", "Шанхай кызматташтык уюму"],
      ["tg", "СҲШ"],
      ["tg", "Созмони ҳамкории Шанхай"],
    ],
  },
  {
    concept: "Organization for Security and Co-operation in Europe",
    forms: [
      ["ru", "ОБСЕ"],
      ["ru", "Организация по безопасности и сотрудничеству в Европе"],
      ["kk", "ЕҚЫҰ"],
      ["kk", "Еуропадағы қауіпсіздік және ынтымақтастық ұйымы"],
      ["en", "OSCE"],
      ["en", "Organization for Security and Co-operation in Europe"],
      ["uz", "ЕХҲТ"],
      ["uz", "Европада хавфсизлик ва ҳамкорлик ташкилоти"],
      ["ky", "ЕККУ"],
      ["ky", "Европадагы коопсуздук жана кызматташтык уюму"],
    ],
  },
  {
    concept: "Collective Security Treaty Organization",
    forms: [
      ["ru", "ОДКБ"],
      ["ru", "Организация Договора о коллективной безопасности"],
      ["kk", "ҰҚШҰ"],
      ["kk", "Ұжымдық қауіпсіздік туралы шарт ұйымы"],
      ["en", "CSTO"],
      ["en", "Collective Security Treaty Organization"],
      ["ky", "ЖКМУ"],
      ["ky", "Жамааттык коопсуздук жөнүндөгү келишим уюму"],
    ],
  },
  {
    concept: "European Union",
    forms: [
      ["ru", "ЕС"],
      ["ru", "Европейский союз"],
      ["kk", "ЕО"],
      ["kk", "Еуропалық одақ"],
      ["en", "EU"],
      ["en", "European Union"],
      ["uz", "ЕИ"],
      ["uz", "Европа Иттифоқи"],
      ["ky", "ЕБ"],
      ["ky", "Европа Биримдиги"],
    ],
  },
  {
    concept: "United States of America",
    forms: [
      ["ru", "США"],
      ["ru", "Соединённые Штаты Америки"],
      ["kk", "АҚШ"],
      ["kk", "Америка Құрама Штаттары"],
      ["en", "USA"],
      ["en", "United States"],
      ["uz", "АҚШ"],
      ["uz", "AQSH"],
      ["uz", "Америка Қўшма Штатлари"],
      ["ky", "АКШ"],
      ["ky", "Америка Кошмо Штаттары"],
      ["tg", "ИМА"],
      ["tg", "Иёлоти Муттаҳидаи Амрико"],
    ],
  },
  {
    concept: "World Health Organization",
    forms: [
      ["ru", "ВОЗ"],
      ["ru", "Всемирная организация здравоохранения"],
      ["kk", "ДДСҰ"],
      ["kk", "Дүниежүзілік денсаулық сақтау ұйымы"],
      ["en", "WHO"],
      ["en", "World Health Organization"],
      ["uz", "ЖССТ"],
      ["uz", "Жаҳон соғлиқни сақлаш ташкилоти"],
      ["ky", "ДСУ"],
      ["ky", "Дүйнөлүк саламаттыкты сактоо уюму"],
    ],
  },
  {
    concept: "Central Asia",
    forms: [
      ["ru", "ЦА"],
      ["ru", "Центральная Азия"],
      ["kk", "Орталық Азия"],
      ["en", "Central Asia"],
      ["uz", "Марказий Осиё"],
      ["uz", "Markaziy Osiyo"],
      ["ky", "Борбордук Азия"],
      ["tg", "Осиёи Марказӣ"],
    ],
  },
];
