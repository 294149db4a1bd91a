#!/usr/bin/env node
// make check-content, the plain-language part: the rules of questions/plain-language.json on
// questions/questionnaire.json and on the texts of the self-test page (web/zelftest-texts.js),
// in Dutch and English.  (zelftest --check validates the files' structure; this checks how they
// read.)  Every problem is printed with where it is; the exit status is 1 when there is one.
//
//   check.js [questionnaire.json] [zelftest-texts.js]   check (defaults: the shipped files)
//   check.js --self-test                                 show that each kind of problem is caught
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

const top = path.join(__dirname, '..', '..');
const rules = JSON.parse(fs.readFileSync(path.join(top, 'questions', 'plain-language.json'), 'utf8'));
const LANGS = ['nl', 'en'];

const words = (s) => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
// sentences end in . ! or ? followed by a space; the page's lists are joined with |
const sentences = (s) =>
  s
    .split(/(?<=[.!?])\s+|\s*\|\s*/)
    .map((x) => x.trim())
    .filter(Boolean);

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A jargon entry as a pattern: "word*" any word that starts with it; else the word and its plurals.
function termPattern(term) {
  const prefix = term.endsWith('*');
  const body = escape(prefix ? term.slice(0, -1) : term);
  const tail = prefix ? '[\\p{L}-]*' : "(?:s|es|en|'s)?";
  const left = /^[\p{L}\p{N}]/u.test(term) ? '(?<![\\p{L}\\p{N}-])' : '';
  return `${left}${body}${tail}(?![\\p{L}\\p{N}])`;
}

// The jargon words a text uses, and those it explains.
function jargonIn(text, lang) {
  const used = [];
  const explained = [];
  const verbs = rules.explained_by[lang].join('|');
  const appos = rules.apposition[lang].join('|');
  for (const term of rules.jargon[lang]) {
    const t = termPattern(term);
    if (!new RegExp(t, 'iu').test(text)) continue;
    used.push(term);
    const explains = [`${t}\\s+(?:${verbs})\\b`, `${t}\\s*:\\s`, `${t},\\s+(?:${appos})\\b`, `\\(\\s*${t}\\s*\\)`];
    if (explains.some((e) => new RegExp(e, 'iu').test(text))) explained.push(term);
  }
  return { used, explained };
}

// Checks a group of texts that share their explanations (a question, a principle, one page text).
// texts: [{where, kind, text, lang}], kind: question | option | help | advice | title
function checkGroup(texts, problems) {
  const limits = rules.limits;
  for (const x of texts) {
    const n = words(x.text).length;
    if (x.kind === 'question' && n > limits.question_words)
      problems.push(`${x.where}: a question of ${n} words (at most ${limits.question_words}): ${x.text}`);
    if (x.kind === 'option' && n > limits.option_words)
      problems.push(`${x.where}: an answer of ${n} words (at most ${limits.option_words}): ${x.text}`);
    const max = limits.sentence_words[x.kind] || limits.sentence_words.advice;
    for (const s of sentences(x.text)) {
      const m = words(s).length;
      if (m > max) problems.push(`${x.where}: a sentence of ${m} words (at most ${max}): ${s}`);
    }
  }
  for (const lang of LANGS) {
    const mine = texts.filter((x) => x.lang === lang);
    const explained = new Set(mine.flatMap((x) => jargonIn(x.text, lang).explained));
    for (const x of mine)
      for (const term of jargonIn(x.text, lang).used)
        if (!explained.has(term)) problems.push(`${x.where}: '${term}' is not explained here: ${x.text}`);
  }
}

// A step: one text {nl, en}, or versions [{when, nl, en}, ...].
// (a field that is missing is zelftest --check's business: nothing to read here)
const stepTexts = (step, where, kind) =>
  (Array.isArray(step) ? step : step ? [step] : []).flatMap((v, i) =>
    LANGS.map((lang) => ({
      where: `${where}${Array.isArray(step) ? `[${i}]` : ''}.${lang}`,
      kind,
      lang,
      text: v[lang],
    })),
  );
const textOf = (t, where, kind) =>
  t ? LANGS.filter((lang) => t[lang]).map((lang) => ({ where: `${where}.${lang}`, kind, lang, text: t[lang] })) : [];

function questionTexts(q, where) {
  const texts = [...textOf(q.text, `${where}.text`, 'question')];
  if (q.help) texts.push(...textOf(q.help, `${where}.help`, 'help'));
  (q.options || []).forEach((o, i) => {
    const w = `${where}.options[${i}] (${o.id})`;
    texts.push(...textOf(o.label, `${w}.label`, 'option'));
    if (o.advice) texts.push(...stepTexts(o.advice, `${w}.advice`, 'advice'));
    if (o.ask) texts.push(...textOf(o.ask, `${w}.ask`, 'advice'));
  });
  return texts;
}

function checkQuestionnaire(file, problems) {
  const qn = JSON.parse(fs.readFileSync(file, 'utf8'));
  qn.principles.forEach((p, pi) => {
    const where = `principles[${pi}] (${p.id})`;
    checkGroup(
      [
        ...textOf(p.title, `${where}.title`, 'question'),
        ...textOf(p.plain_title, `${where}.plain_title`, 'question'),
        ...textOf(p.intro, `${where}.intro`, 'help'),
        ...stepTexts(p.keep_up, `${where}.keep_up`, 'advice'),
      ],
      problems,
    );
    p.questions.forEach((q, qi) => checkGroup(questionTexts(q, `${where}.questions[${qi}] (${q.id})`), problems));
  });
  qn.profile.forEach((q, i) => checkGroup(questionTexts(q, `profile[${i}] (${q.id})`), problems));
  return qn;
}

// The page's texts: web/zelftest-texts.js hands its dictionary to ZT.dictionary().
function checkPageTexts(file, problems) {
  let dict = null;
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), {
    ZT: {
      dictionary: (d) => {
        dict = d;
      },
    },
  });
  if (!dict) throw new Error(`${file}: no ZT.dictionary({...})`);
  for (const lang of LANGS)
    for (const [key, text] of Object.entries(dict[lang]))
      checkGroup([{ where: `${path.basename(file)} ${lang} '${key}'`, kind: 'help', lang, text }], problems);
}

function check(qnFile, textsFile) {
  const problems = [];
  checkQuestionnaire(qnFile, problems);
  checkPageTexts(textsFile, problems);
  return problems;
}

function main() {
  const qnFile = process.argv[2] || path.join(top, 'questions', 'questionnaire.json');
  const textsFile = process.argv[3] || path.join(top, 'web', 'zelftest-texts.js');
  const problems = check(qnFile, textsFile);
  // the unit tests check the steps for one-person businesses on a copy of the shipped file
  const copy = path.join(top, 'tests', 'data', 'questionnaire-full.json');
  if (!process.argv[2] && fs.readFileSync(copy, 'utf8') !== fs.readFileSync(qnFile, 'utf8'))
    problems.push(`${path.relative(top, copy)} is no longer a copy of ${path.relative(top, qnFile)}: copy it again`);
  for (const p of problems) console.error(`plain language: ${p}`);
  if (problems.length) {
    console.error(`plain language: ${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log(`plain language: ${path.relative(top, qnFile)} and ${path.relative(top, textsFile)} read well`);
}

// A copy of the shipped files with one problem at a time: each must be caught, by name.
function selfTest() {
  const qnText = fs.readFileSync(path.join(top, 'questions', 'questionnaire.json'), 'utf8');
  const textsFile = path.join(top, 'web', 'zelftest-texts.js');
  const cases = [
    [
      'a question of 21 words',
      (q) => {
        q.principles[0].questions[0].text.nl = Array(21).fill('woord').join(' ') + '?';
      },
      'principles[0] (inventory).questions[0] (assets).text.nl: a question of 21 words',
    ],
    [
      'an answer of 13 words',
      (q) => {
        q.principles[1].questions[0].options[0].label.en = Array(13).fill('word').join(' ');
      },
      'options[0] (manager).label.en: an answer of 13 words',
    ],
    [
      'a help sentence of 26 words',
      (q) => {
        q.principles[2].questions[2].help.nl = `Kort. ${Array(26).fill('woord').join(' ')}.`;
      },
      'questions[2] (unsupported).help.nl: a sentence of 26 words (at most 25)',
    ],
    [
      'a step sentence of 26 words in a version',
      (q) => {
        q.principles[0].questions[1].options[3].advice[1].nl = `${Array(26).fill('woord').join(' ')}.`;
      },
      'options[3] (never).advice[1].nl: a sentence of 26 words',
    ],
    [
      'jargon without explanation',
      (q) => {
        q.principles[1].questions[2].options[2].advice.nl = 'Zet de firewall van je router aan.';
      },
      "options[2] (wifi_only).advice.nl: 'firewall' is not explained here",
    ],
    [
      'jargon explained in another question only',
      (q) => {
        q.principles[0].questions[0].options[2].advice.en = 'Put your passwords in a password manager.';
      },
      "options[2] (none).advice.en: 'password manager' is not explained here",
    ],
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plain-language-'));
  try {
    for (const [name, change, needle] of cases) {
      const q = JSON.parse(qnText);
      change(q);
      const file = path.join(dir, 'questionnaire.json');
      fs.writeFileSync(file, JSON.stringify(q));
      const problems = check(file, textsFile);
      if (!problems.some((p) => p.includes(needle))) {
        console.error(`plain-language self-test: ${name} was not caught (${problems.join('; ') || 'no problems'})`);
        process.exit(1);
      }
    }
    // and the page's texts: a jargon word and a long sentence
    const texts = fs.readFileSync(textsFile, 'utf8');
    const bad = path.join(dir, 'texts.js');
    fs.writeFileSync(
      bad,
      texts
        .replace(
          "'Plak de link die je hebt bewaard",
          "'De code staat na #s= in je link. Plak de link die je hebt bewaard",
        )
        .replace("'Opnieuw beginnen'", `'${Array(26).fill('woord').join(' ')}.'`),
    );
    const problems = check(path.join(top, 'questions', 'questionnaire.json'), bad);
    for (const needle of ["nl 'start.code.hint': '#s=' is not explained", "nl 'restart': a sentence of 26 words"])
      if (!problems.some((p) => p.includes(needle))) {
        console.error(`plain-language self-test: '${needle}' was not caught (${problems.join('; ')})`);
        process.exit(1);
      }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`plain-language self-test: all ${cases.length + 2} kinds of problem are caught`);
}

if (process.argv[2] === '--self-test') selfTest();
else main();
