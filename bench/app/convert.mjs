// Converts a Tellus survey definition (assets/surveys/*.json) into SurveyJS JSON, for the benchmark only.
// faces -> rating with the five labelled points; yes_no_unsure and single -> radiogroup;
// scale -> rating min..max with labelled ends; text -> comment with maxLength; about_you questions get
// "prefer not to say"; one question per page; every string localized (SurveyJS "default" = English).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FACES = ['very_bad', 'bad', 'okay', 'good', 'very_good'];

export function convert(survey, catalogs, locales = ['en', 'fr']) {
  // A Tellus localized text {en, fr, zh} -> SurveyJS localizable string {default, fr}.
  const loc = (t) => {
    if (t === undefined) return undefined;
    const out = { default: t.en };
    for (const l of locales) if (l !== 'en' && t[l] !== undefined) out[l] = t[l];
    return out;
  };
  const cat = (key) => {
    const t = {};
    for (const l of locales) t[l] = catalogs[l]?.[key];
    return loc(t);
  };
  const elements = survey.questions.map((q) => {
    const base = { name: q.id, title: loc(q.text), isRequired: false };
    if (q.show_if) {
      // Tellus show-if {question, any_of: [answer ids]} -> SurveyJS visibleIf.
      const s = q.show_if;
      base.visibleIf = `{${s.question}} anyof [${s.any_of.map((v) => JSON.stringify(v)).join(', ')}]`;
    }
    let el;
    switch (q.type) {
      case 'faces':
        el = { ...base, type: 'rating', rateValues: FACES.map((f) => ({ value: f, text: cat(`faces.${f}`) })) };
        break;
      case 'yes_no_unsure':
        el = { ...base, type: 'radiogroup', choices: ['yes', 'no', 'not_sure'].map((c) => ({ value: c, text: cat(`choice.${c}`) })) };
        break;
      case 'single':
        el = { ...base, type: 'radiogroup', choices: q.options.map((o) => ({ value: o.id, text: loc(o.label) })) };
        break;
      case 'multiple':
        el = { ...base, type: 'checkbox', choices: q.options.map((o) => ({ value: o.id, text: loc(o.label) })) };
        break;
      case 'scale':
        el = { ...base, type: 'rating', rateMin: q.min ?? 0, rateMax: q.max ?? 10, rateStep: 1,
          minRateDescription: loc(q.min_label), maxRateDescription: loc(q.max_label) };
        break;
      case 'text':
        el = { ...base, type: 'comment', maxLength: q.max_length ?? 500 };
        break;
      default:
        throw new Error(`convert: question "${q.id}" has type "${q.type}", which the converter does not know`);
    }
    if (q.about_you && el.choices) el.choices.push({ value: 'prefer_not_to_say', text: cat('choice.prefer_not_to_say') });
    return el;
  });
  return {
    title: loc(survey.title),
    locale: 'en',
    showQuestionNumbers: 'off',
    showProgressBar: 'top',
    progressBarType: 'questions',
    completedHtml: loc(survey.you_said_we_did),
    pages: elements.map((el) => ({ name: `page_${el.name}`, elements: [el] })),
  };
}

export function convertFile(repo, id = 'primary-care-visit') {
  const survey = JSON.parse(readFileSync(path.join(repo, 'assets/surveys', `${id}.json`), 'utf8'));
  const catalogs = {};
  for (const l of ['en', 'fr']) catalogs[l] = JSON.parse(readFileSync(path.join(repo, 'i18n', `${l}.json`), 'utf8'));
  return { survey, catalogs, surveyjs: convert(survey, catalogs) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  process.stdout.write(JSON.stringify(convertFile(repo, process.argv[2]).surveyjs, null, 2) + '\n');
}
