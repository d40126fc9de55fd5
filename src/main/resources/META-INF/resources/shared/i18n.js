// Provtid pages' language, shared by the booking page (/app/) and the operator dashboard (/dashboard/): Swedish or
// English, remembered in localStorage (one choice for both pages), else the browser's language. A page hands over
// its own texts; elements with data-i18n="key" get TEXT[lang][key], and the button #lang switches language.
'use strict';

window.ProvtidI18n = function (TEXT, onChange) {
  const KEY = 'provtid.lang';
  const i18n = {
    lang: localStorage.getItem(KEY) || ((navigator.language || 'sv').startsWith('sv') ? 'sv' : 'en'),
    /** One text of the current language. */
    t: (key) => TEXT[i18n.lang][key],
    /** Every text of the current language (for the nested ones: states, errors, ...). */
    text: () => TEXT[i18n.lang],
    /** Writes the current language into the page, then lets the page redraw what it drew itself. */
    apply() {
      document.documentElement.lang = i18n.lang;
      document.querySelectorAll('[data-i18n]').forEach((el) => {
        const v = TEXT[i18n.lang][el.dataset.i18n];
        if (typeof v === 'string') el.textContent = v;
      });
      document.getElementById('lang').textContent = i18n.t('language');
      onChange();
    },
    /** Applies the language now and switches it on every click of #lang. */
    start() {
      i18n.apply();
      document.getElementById('lang').addEventListener('click', () => {
        i18n.lang = i18n.lang === 'sv' ? 'en' : 'sv';
        localStorage.setItem(KEY, i18n.lang);
        i18n.apply();
      });
    },
  };
  return i18n;
};
