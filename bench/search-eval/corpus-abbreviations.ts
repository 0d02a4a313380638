import type { EvalRelease } from "./corpus.ts";

/**
 * Releases for the abbreviation queries (issue 31): each organisation or ministry named in full in some
 * and only by its abbreviation in others, in Russian, Kazakh, English, Uzbek (Cyrillic), Kyrgyz and
 * Tajik, as the region's press services write them. Invented, not copied; written before the
 * abbreviation list was.
 */
export const abbreviationReleases: EvalRelease[] = [
  {
    key: "ru27",
    title: "МИД РК распространил заявление по итогам сессии Генассамблеи ООН",
    body: "<p>МИД РК подвёл итоги участия казахстанской делегации в 79-й сессии Генеральной Ассамблеи ООН в Нью-Йорке. На полях сессии состоялись встречи с коллегами из стран СНГ и ШОС.</p>",
    tags: ["дипломатия"],
    publishedAt: "2024-09-30T18:00:00+05:00",
  },
  {
    key: "ru28",
    title: "Министерство внутренних дел и ОБСЕ провели семинар по миграционной безопасности",
    body: "<p>Семинар прошёл в Астане для сотрудников миграционной службы. Эксперты обсудили трудовую миграцию в государствах Евразийского экономического союза и обмен данными на границах.</p>",
    tags: ["миграция"],
    publishedAt: "2024-10-08T11:00:00+05:00",
  },
  {
    key: "kk19",
    title: "ҚР СІМ Жапония елшісін қабылдады",
    body: "<p>ҚР СІМ басшысының орынбасары Жапонияның Қазақстандағы елшісімен кездесті. Тараптар инвестициялық ынтымақтастықты талқылады.</p>",
    tags: ["дипломатия"],
    publishedAt: "2024-07-02T15:00:00+05:00",
  },
  {
    key: "kk20",
    title: "Біріккен Ұлттар Ұйымының өкілі Түркістан облысына барды",
    body: "<p>Біріккен Ұлттар Ұйымының Қазақстандағы тұрақты үйлестірушісі облыстағы су үнемдеу жобаларымен танысты.</p>",
    tags: ["су"],
    publishedAt: "2024-08-20T12:00:00+05:00",
  },
  {
    key: "kk21",
    title: "Тәуелсіз Мемлекеттер Достастығы елдерінің мәдениет министрлері Алматыда бас қосты",
    body: "<p>Кеңесте ШЫҰ елдерімен мәдени алмасу бағдарламасы да талқыланды. Келесі отырыс Бішкекте өтеді.</p>",
    tags: ["мәдениет"],
    publishedAt: "2024-04-18T10:00:00+05:00",
  },
  {
    key: "kk22",
    title: "ІІМ ЕАЭО елдерінен келген еңбек мигранттарын тіркеу тәртібін түсіндірді",
    body: "<p>Еңбек мигранттары тіркеуді электрондық үкімет порталы арқылы 30 күн ішінде өткізуі тиіс.</p>",
    tags: ["көші-қон"],
    publishedAt: "2024-03-05T09:00:00+05:00",
  },
  {
    key: "en19",
    title: "Kazakhstan to Chair the Commonwealth of Independent States Council in 2025",
    body: "<p>The ministry said the chairmanship would focus on transport corridors. The announcement came at the summit of the Shanghai Cooperation Organisation in Astana.</p>",
    tags: ["diplomacy"],
    publishedAt: "2024-07-05T16:00:00+05:00",
  },
  {
    key: "en20",
    title: "EAEU and OSCE Experts Meet on Border Data Exchange",
    body: "<p>Customs officers and migration experts discussed the exchange of passenger data at the common borders.</p>",
    tags: ["migration"],
    publishedAt: "2024-10-09T14:00:00+05:00",
  },
  {
    key: "uz01",
    title: "Ташқи ишлар вазирлигида Бирлашган Миллатлар Ташкилоти вакиллари билан учрашув бўлиб ўтди",
    body: "<p>Учрашувда БМТ тизимидаги ташкилотлар билан ҳамкорлик дастури муҳокама қилинди. Томонлар ШҲТ ва МДҲ доирасидаги лойиҳаларга ҳам тўхталди.</p>",
    tags: ["дипломатия"],
    publishedAt: "2024-06-11T11:00:00+05:00",
  },
  {
    key: "ky01",
    title: "ТИМ башчысы БУУ өкүлү менен жолукту",
    body: "<p>Жолугушууда Кыргыз Республикасы менен Бириккен Улуттар Уюмунун ортосундагы өнүгүү программасы талкууланды.</p>",
    tags: ["дипломатия"],
    publishedAt: "2024-05-22T10:00:00+06:00",
  },
  {
    key: "tg01",
    title: "Дар Вазорати корҳои хориҷӣ бо ҳамоҳангсози доимии СММ мулоқот баргузор шуд",
    body: "<p>Ҷонибҳо ҳамкориро дар доираи СҲШ ва ИДМ баррасӣ карданд.</p>",
    tags: ["дипломатия"],
    publishedAt: "2024-09-12T10:00:00+05:00",
  },
];
