import type { EvalRelease } from "./corpus.ts";

/**
 * Uzbek (Latin and Cyrillic), Kyrgyz and Tajik releases for the inflection queries (issue 31, item 3):
 * written, with their queries, before any stemming of these languages was tuned; and a Kazakh and a
 * Russian one for the forms the portal audit saw missed (жалақы/жалақысы, оқушы/оқушылары,
 * одобрить/одобрило). Invented, not copied.
 */
export const inflectionReleases: EvalRelease[] = [
  {
    key: "uz02",
    title: "Oʻzbekiston Tashqi ishlar vaziri Yaponiya elchisini qabul qildi",
    body: "<p>Vazir Yaponiya elchisi bilan ikki tomonlama hamkorlik istiqbollarini muhokama qildi. Uchrashuvda investitsiya loyihalari va taʼlim sohasidagi almashinuv dasturlari koʻrib chiqildi.</p>",
    tags: ["diplomatiya"],
    publishedAt: "2024-10-15T11:00:00+05:00",
  },
  {
    key: "uz03",
    title: "Ўзбекистон Президенти сув хўжалиги вазирлари билан йиғилиш ўтказди",
    body: "<p>Йиғилишда суғориш тизимини модернизация қилиш ва сувни тежаш технологияларини жорий этиш масалалари кўриб чиқилди.</p>",
    tags: ["сув"],
    publishedAt: "2024-08-02T10:00:00+05:00",
  },
  {
    key: "ky02",
    title: "Кыргызстандын Тышкы иштер министри Жапониянын элчисин кабыл алды",
    body: "<p>Жолугушууда эки тараптуу кызматташтыкты өнүктүрүү жана инвестициялык долбоорлор талкууланды.</p>",
    tags: ["дипломатия"],
    publishedAt: "2024-11-12T15:00:00+06:00",
  },
  {
    key: "ky03",
    title: "Жогорку Кеңештин төрагасы фермерлер менен жолукту",
    body: "<p>Төрага сугат суусунун жетишсиздиги жана жер иштетүү техникасынын баасы тууралуу суроолорго жооп берди.</p>",
    tags: ["айыл чарба"],
    publishedAt: "2024-06-05T12:00:00+06:00",
  },
  {
    key: "tg02",
    title: "Вазири корҳои хориҷии Тоҷикистон бо сафири Япония мулоқот кард",
    body: "<p>Ҷонибҳо рушди ҳамкориҳои дуҷониба ва татбиқи лоиҳаҳои сармоягузориро баррасӣ намуданд.</p>",
    tags: ["дипломатия"],
    publishedAt: "2024-10-20T10:00:00+05:00",
  },
  {
    key: "tg03",
    title: "Дар Душанбе нахустин намоишгоҳи китоб кушода шуд",
    body: "<p>Дар намоишгоҳ зиёда аз сад нашриёт аз кишварҳои минтақа китобҳои навашонро муаррифӣ карданд.</p>",
    tags: ["фарҳанг"],
    publishedAt: "2024-09-03T10:00:00+05:00",
  },
  {
    key: "kk23",
    title: "Мұғалімдердің жалақысы 1 қыркүйектен бастап 20 пайызға өседі",
    body: "<p>Оқу-ағарту министрлігінің мәліметінше, өзгеріс мектеп оқушыларының білім сапасын арттыруға бағытталған.</p>",
    tags: ["білім"],
    publishedAt: "2024-07-25T11:00:00+05:00",
  },
  {
    key: "ru29",
    title: "Правительство одобрило программу строительства школ до 2030 года",
    body: "<p>Программа предусматривает строительство 400 школ в регионах с дефицитом ученических мест.</p>",
    tags: ["образование"],
    publishedAt: "2024-08-14T12:00:00+05:00",
  },
];
