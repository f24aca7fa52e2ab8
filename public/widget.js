/*
 * faq-chat widget: one tag on an article page adds a launcher and a chat panel that answers the
 * reader's questions from the article alone, over WebSocket protocol v1 (docs/protocol.md).
 *
 *   <script src="https://HOST/widget.js" data-article="<id>" defer></script>
 *
 * Plain JavaScript served as it is (no framework, no build step) so that what we measure is what
 * readers download. Everything that comes from the server or the article reaches the page as text
 * (textContent, Text nodes), never as HTML. Embedding and behaviour: docs/widget.md.
 */
(function faqChatWidget() {
  // biome-ignore lint/suspicious/noRedundantUseStrict: widget.js is a classic script, not a module; strict mode is not implied
  'use strict';

  const defaults = Object.freeze({
    tag: 'faq-chat',
    /** The server refuses longer questions (question_too_long). */
    maxQuestionChars: 500,
    /** The best answer plus two more, one click away. */
    limit: 3,
    backoffBaseMs: 500,
    backoffMaxMs: 15000,
    /** A question whose `done` never arrived is asked again once: two sends at most. */
    maxSends: 2,
    /** Below this width the panel covers the screen (it matches the media query in widget.css). */
    narrow: '(max-width: 480px)',
    highlight: 'faq-chat-quote',
  });

  const strings = Object.freeze({
    de: {
      launcher: 'Fragen zum Artikel',
      title: 'Fragen zum Artikel',
      subtitle: 'Antworten wörtlich aus dem Text',
      close: 'Chat schließen',
      log: 'Unterhaltung',
      intro: 'Stellen Sie eine Frage zu diesem Artikel. Jede Antwort ist ein Zitat aus dem Text, mit Fundstelle.',
      starters: 'Zum Beispiel:',
      label: 'Ihre Frage',
      placeholder: 'Frage stellen …',
      keys: 'Enter sendet, Umschalt und Enter beginnt eine neue Zeile.',
      send: 'Senden',
      searching: 'Suche im Artikel …',
      queued: 'Wird gesendet, sobald die Verbindung wieder steht.',
      connecting: 'Verbindung wird hergestellt …',
      reconnecting: 'Verbindung unterbrochen. Neuer Versuch läuft …',
      unavailable: 'Zu diesem Artikel kann der Chat gerade nichts sagen.',
      noAnswer: 'Dazu steht in diesem Artikel leider nichts.',
      suggest: 'Vielleicht hilft eine dieser Fragen:',
      more: (n) => (n === 1 ? '1 weitere Stelle' : `${n} weitere Stellen`),
      confidence: ['Beantwortet die Frage direkt', 'Passt wahrscheinlich', 'Passt vielleicht'],
      paragraph: (n) => `Absatz ${n}`,
      faq: 'Häufige Fragen',
      caption: (n) => (n === 1 ? 'Bildunterschrift' : `Bildunterschrift ${n}`),
      lead: 'Einleitung',
      show: 'im Artikel zeigen',
      read: 'im Artikel lesen',
      newTab: '(neuer Tab)',
      feedback: 'War diese Antwort hilfreich?',
      helpful: 'Hilfreich',
      unhelpful: 'Nicht hilfreich',
      answer: 'Antwort:',
      noReply: 'Keine Antwort erhalten. Bitte noch einmal fragen.',
      errors: {
        question_too_long: 'Die Frage ist zu lang: höchstens 500 Zeichen.',
        empty_question: 'Bitte zuerst eine Frage eingeben.',
        rate_limited: 'Zu viele Fragen auf einmal. Bitte einen Moment warten.',
        unknown_article: 'Zu diesem Artikel kann der Chat gerade nichts sagen.',
        other: 'Das hat nicht geklappt. Bitte noch einmal fragen.',
      },
    },
    en: {
      launcher: 'Questions about this article',
      title: 'Questions about this article',
      subtitle: 'Answers quoted from the text',
      close: 'Close chat',
      log: 'Conversation',
      intro: 'Ask a question about this article. Every answer is a quote from the text, with where it stands.',
      starters: 'For example:',
      label: 'Your question',
      placeholder: 'Ask a question …',
      keys: 'Enter sends, Shift and Enter starts a new line.',
      send: 'Send',
      searching: 'Searching the article …',
      queued: 'Will be sent as soon as the connection is back.',
      connecting: 'Connecting …',
      reconnecting: 'Connection lost. Trying again …',
      unavailable: 'The chat cannot answer questions about this article right now.',
      noAnswer: 'This article does not say anything about that, sorry.',
      suggest: 'Perhaps one of these questions helps:',
      more: (n) => (n === 1 ? '1 more passage' : `${n} more passages`),
      confidence: ['Answers the question directly', 'Probably answers it', 'Might answer it'],
      paragraph: (n) => `Paragraph ${n}`,
      faq: 'FAQ',
      caption: (n) => (n === 1 ? 'Photo caption' : `Photo caption ${n}`),
      lead: 'Introduction',
      show: 'show in article',
      read: 'read in article',
      newTab: '(new tab)',
      feedback: 'Was this answer helpful?',
      helpful: 'Helpful',
      unhelpful: 'Not helpful',
      answer: 'Answer:',
      noReply: 'No reply arrived. Please ask again.',
      errors: {
        question_too_long: 'The question is too long: 500 characters at most.',
        empty_question: 'Please type a question first.',
        rate_limited: 'Too many questions at once. Please wait a moment.',
        unknown_article: 'The chat cannot answer questions about this article right now.',
        other: 'That did not work. Please ask again.',
      },
    },
  });

  // Stroke icons on a 24-unit grid, drawn with currentColor (see .icon in widget.css).
  const icons = Object.freeze({
    chat: 'M5 5h14a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H10l-4 3.5V16H5a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z',
    close: 'M6 6l12 12M18 6L6 18',
    thumb: 'M7 11v9H4v-9zM7 11l4-7c1.5 0 2.5 1 2.5 2.5V10H19a1.5 1.5 0 0 1 1.5 1.8l-1.6 6.8A2 2 0 0 1 17 20H7',
  });

  // Read while the script runs: afterwards document.currentScript is null.
  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  if (!(script instanceof HTMLScriptElement) || document.querySelector(defaults.tag)) return;
  const config = readConfig(script);
  if (document.body) boot();
  else document.addEventListener('DOMContentLoaded', boot, { once: true });

  /** Where to connect and what to show, from the embedding tag's src and data attributes. */
  function readConfig(tag) {
    const src = new URL(tag.src, document.baseURI);
    const server = tag.dataset.server ? new URL(tag.dataset.server.replace(/\/?$/, '/'), document.baseURI) : src;
    // Relative to the script, so a server behind a path prefix (/chat/widget.js) is reached at /chat/ws.
    const ws = new URL('ws', server);
    ws.protocol = ws.protocol.replace(/^http/, 'ws');
    const pageLang = (document.documentElement.lang || '').slice(0, 2).toLowerCase();
    return {
      wsUrl: ws.href,
      cssUrl: new URL('widget.css', src).href,
      article: tag.dataset.article || undefined,
      lang: supported(tag.dataset.lang),
      pageLang: supported(pageLang) || 'de',
    };
  }

  function supported(lang) {
    return lang && Object.hasOwn(strings, lang) ? lang : undefined;
  }

  /** Creates an element; strings become Text nodes, so nothing is ever parsed as HTML. */
  function h(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === false) continue;
      if (name === 'text') node.textContent = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    node.append(...children.filter((child) => child !== undefined && child !== null));
    return node;
  }

  function icon(path, className) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('class', `icon ${className || ''}`);
    const shape = document.createElementNS(ns, 'path');
    shape.setAttribute('d', path);
    svg.append(shape);
    return svg;
  }

  /** Exponential backoff with equal jitter: half the delay fixed, half random, so readers do not all return at once. */
  function backoffMs(attempt) {
    const ceiling = Math.min(defaults.backoffMaxMs, defaults.backoffBaseMs * 2 ** attempt);
    return ceiling / 2 + (Math.random() * ceiling) / 2;
  }

  /**
   * One WebSocket that keeps coming back: after a close it retries with backoff until a welcome
   * arrives again. `send` succeeds only between a welcome and the next close.
   */
  function createConnection(url, onMessage, onState) {
    let socket = null;
    let ready = false;
    let attempt = 0;
    let timer = 0;

    function open() {
      if (socket || timer) return;
      try {
        socket = new WebSocket(url);
      } catch {
        retryLater();
        return;
      }
      socket.addEventListener('message', function onSocketMessage(event) {
        const message = parseFrame(event.data);
        if (!message) return;
        if (message.type === 'welcome') {
          ready = true;
          attempt = 0;
          onState('online');
        }
        onMessage(message);
      });
      socket.addEventListener('close', function onSocketClose() {
        socket = null;
        ready = false;
        onState('reconnecting');
        retryLater();
      });
    }

    function retryLater() {
      timer = setTimeout(function retry() {
        timer = 0;
        open();
      }, backoffMs(attempt++));
    }

    function retryNow() {
      if (!timer) return;
      clearTimeout(timer);
      timer = 0;
      attempt = 0;
      open();
    }

    function send(message) {
      if (!ready) return false;
      socket.send(JSON.stringify(message));
      return true;
    }

    return { open, retryNow, send };
  }

  function parseFrame(data) {
    try {
      const value = JSON.parse(data);
      return value && typeof value === 'object' && typeof value.type === 'string' ? value : null;
    } catch {
      return null;
    }
  }

  /** Whether a frame is an answer we can show: a rank and a citation with the fields we render. */
  function isAnswer(frame) {
    const c = frame.citation;
    return (
      Number.isInteger(frame.rank) &&
      frame.rank > 0 &&
      typeof frame.score === 'number' &&
      c !== null &&
      typeof c === 'object' &&
      ['quote', 'heading', 'unit', 'kind'].every((key) => typeof c[key] === 'string') &&
      Number.isInteger(c.start) &&
      Number.isInteger(c.end)
    );
  }

  /** Only http(s) links from the server become hrefs (never javascript: or data:). */
  function safeUrl(url) {
    try {
      return typeof url === 'string' && /^https?:$/.test(new URL(url).protocol) ? url : undefined;
    } catch {
      return undefined;
    }
  }

  /** The unit's element on this page when it holds the quoted text where the citation says. */
  function findUnit(citation) {
    const element = document.getElementById(`unit-${citation.unit}`);
    return element && element.textContent.slice(citation.start, citation.end) === citation.quote ? element : null;
  }

  /** A Range over characters start..end of the element's text, across any inline markup. */
  function textRange(element, start, end) {
    const range = document.createRange();
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let offset = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.data.length;
      if (start >= offset && start <= offset + length) range.setStart(node, start - offset);
      if (end >= offset && end <= offset + length) {
        range.setEnd(node, end - offset);
        break;
      }
      offset += length;
    }
    return range;
  }

  let highlightSheet = null;

  /** Marks the quote in the host page: the CSS Highlight API leaves the page's DOM untouched. */
  function highlight(range) {
    if (!window.CSS || !CSS.highlights || !window.Highlight) {
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return;
    }
    if (!highlightSheet && 'adoptedStyleSheets' in document) {
      // A constructed sheet: the page's Content-Security-Policy for inline styles does not apply.
      highlightSheet = new CSSStyleSheet();
      highlightSheet.replaceSync(`::highlight(${defaults.highlight}){background-color:#ffe066;color:#111}`);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, highlightSheet];
    }
    CSS.highlights.set(defaults.highlight, new Highlight(range));
  }

  function boot() {
    const state = { lang: config.lang || config.pageLang, article: config.article, articleLang: undefined, wasOnline: false };
    const t = () => strings[state.lang];
    const asks = new Map();
    const labels = [];
    let seq = 0;

    /** Sets a UI string on a node now and again whenever the language changes. */
    function label(node, name, key) {
      labels.push([node, name, key]);
      applyLabel(node, name, key);
      return node;
    }

    function applyLabel(node, name, key) {
      if (name === 'text') node.textContent = t()[key];
      else node.setAttribute(name, t()[key]);
    }

    function setLang(lang) {
      if (!lang || lang === state.lang) return;
      state.lang = lang;
      ui.root.lang = lang;
      for (const [node, name, key] of labels) applyLabel(node, name, key);
    }

    const ui = buildUi();
    stepAsideWhileReading(ui.launcher);
    const connection = createConnection(config.wsUrl, onMessage, onConnectionState);
    window.addEventListener('online', connection.retryNow);

    function buildUi() {
      const host = document.createElement(defaults.tag);
      const shadow = host.attachShadow({ mode: 'open' });
      const stylesheet = h('link', { rel: 'stylesheet', href: config.cssUrl });
      // Hidden until the styles arrive, so the page never shows an unstyled launcher.
      const root = h('div', { class: 'root', lang: state.lang, 'data-state': 'idle', hidden: true, onkeydown: onKey });
      const reveal = () => root.removeAttribute('hidden');
      stylesheet.addEventListener('load', reveal);
      stylesheet.addEventListener('error', reveal);

      const launcher = h(
        'button',
        { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'faq-chat-panel', onclick: toggle },
        icon(icons.chat),
        label(h('span'), 'text', 'launcher'),
      );
      const close = label(h('button', { class: 'close', type: 'button', onclick: () => closePanel(true) }, icon(icons.close)), 'aria-label', 'close');
      const status = h('p', { class: 'status', role: 'status' });
      const chips = h('ul', { class: 'chips' });
      const starters = label(h('p', { class: 'starters', hidden: true }), 'text', 'starters');
      const intro = h('div', { class: 'msg bot intro' }, label(h('p'), 'text', 'intro'), starters, chips);
      const log = label(h('section', { class: 'log', tabindex: '0' }, intro), 'aria-label', 'log');
      const input = h('textarea', {
        id: 'faq-chat-question',
        rows: '1',
        maxlength: defaults.maxQuestionChars,
        enterkeyhint: 'send',
        autocomplete: 'off',
        'aria-describedby': 'faq-chat-keys',
        onkeydown: onInputKey,
        oninput: fitInput,
      });
      label(input, 'placeholder', 'placeholder');
      const form = h(
        'form',
        { class: 'composer', onsubmit: onSubmit },
        label(h('label', { class: 'sr', for: 'faq-chat-question' }), 'text', 'label'),
        input,
        label(h('button', { class: 'send', type: 'submit' }), 'text', 'send'),
        label(h('p', { id: 'faq-chat-keys', class: 'sr' }), 'text', 'keys'),
      );
      const title = label(h('h2', { id: 'faq-chat-title' }), 'text', 'title');
      const panel = h(
        'section',
        { id: 'faq-chat-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'faq-chat-title', tabindex: '-1', hidden: true },
        h('header', {}, h('div', {}, title, label(h('p', { class: 'sub' }), 'text', 'subtitle')), close),
        status,
        log,
        form,
      );
      const live = h('div', { class: 'sr', 'aria-live': 'polite' });
      root.append(launcher, panel, live);
      shadow.append(stylesheet, root);
      document.body.append(host);
      return { host, root, launcher, panel, status, log, chips, starters, input, form, live };
    }

    /** On a phone, marks the launcher "away" (widget.css) while the reader scrolls down, short of the page's end. */
    function stepAsideWhileReading(launcher) {
      const narrow = matchMedia(defaults.narrow);
      let lastY = window.scrollY;
      function onScroll() {
        const y = window.scrollY;
        const atEnd = y + window.innerHeight >= document.documentElement.scrollHeight - 2;
        launcher.classList.toggle('away', narrow.matches && y > lastY && !atEnd);
        lastY = y;
      }
      window.addEventListener('scroll', onScroll, { passive: true });
    }

    function toggle() {
      if (ui.panel.hidden) openPanel();
      else closePanel(true);
    }

    function openPanel() {
      ui.panel.hidden = false;
      ui.launcher.setAttribute('aria-expanded', 'true');
      connection.open();
      focusComposer(ui.panel);
      ui.log.scrollTop = ui.log.scrollHeight;
    }

    function closePanel(returnFocus) {
      ui.panel.hidden = true;
      ui.launcher.setAttribute('aria-expanded', 'false');
      if (returnFocus) ui.launcher.focus();
    }

    /** Focuses the text box, except on touch screens where that would pop up the keyboard unasked. */
    function focusComposer(fallback) {
      if (!matchMedia('(pointer: coarse)').matches) ui.input.focus();
      else if (fallback) fallback.focus();
    }

    function onKey(event) {
      if (event.key !== 'Escape' || event.isComposing || ui.panel.hidden) return;
      event.preventDefault();
      closePanel(true);
    }

    function onInputKey(event) {
      // isComposing: Enter also confirms an input method's candidate (Japanese, Chinese); that must not send.
      if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
      event.preventDefault();
      ui.form.requestSubmit();
    }

    function fitInput() {
      ui.input.style.height = 'auto';
      ui.input.style.height = `${ui.input.scrollHeight + 2}px`;
    }

    function onSubmit(event) {
      event.preventDefault();
      if (ask(ui.input.value)) {
        ui.input.value = '';
        fitInput();
      }
    }

    function chipList(questions, list) {
      list.replaceChildren(
        ...questions
          .filter((q) => typeof q === 'string')
          .map((question) =>
            h(
              'li',
              {},
              h('button', {
                class: 'chip',
                type: 'button',
                text: question,
                onclick: () => {
                  ask(question);
                  focusComposer(null);
                },
              }),
            ),
          ),
      );
      return list;
    }

    function onConnectionState(next) {
      ui.root.dataset.state = next;
      if (next === 'online') state.wasOnline = true;
      // Set only on change: a live region re-announces text that is written again.
      const text = next === 'online' ? '' : state.wasOnline ? t().reconnecting : t().connecting;
      if (ui.status.textContent !== text) ui.status.textContent = text;
      if (next !== 'reconnecting') return;
      // Asks that were sent but not finished are asked again once on the next connection.
      for (const entry of asks.values()) {
        if (entry.state !== 'sent') continue;
        if (entry.sends < defaults.maxSends) wait(entry);
        else finish(entry, t().noReply, h('p', { class: 'error', text: t().noReply }));
      }
    }

    function onMessage(message) {
      if (message.type === 'welcome') onWelcome(message);
      else if (message.type === 'answer') onAnswer(message);
      else if (message.type === 'done') onDone(message);
      else if (message.type === 'error') onError(message);
      // Other types (feedback acknowledgements, later additions) need nothing from the widget.
    }

    function onWelcome(message) {
      const articles = Array.isArray(message.articles) ? message.articles : [];
      const article = config.article ? articles.find((a) => a && a.id === config.article) : articles.length === 1 ? articles[0] : undefined;
      if (article) {
        state.article = article.id;
        state.articleLang = typeof article.language === 'string' ? article.language : undefined;
        if (!config.lang) setLang(supported(state.articleLang));
        const questions = Array.isArray(article.questions) ? article.questions : [];
        chipList(questions, ui.chips);
        ui.starters.hidden = questions.length === 0;
      } else if (config.article) {
        ui.status.textContent = t().unavailable;
      }
      for (const entry of asks.values()) if (entry.state === 'queued') send(entry);
    }

    /** Starts one exchange: the reader's bubble, a reply bubble, and the ask (now or after reconnecting). */
    function ask(text) {
      const question = text.trim();
      if (question === '') return false;
      seq += 1;
      const id = `w${seq}-${Math.random().toString(36).slice(2, 8)}`;
      const user = h('div', { class: 'msg user' }, h('p', { text: question }));
      const main = h('div', { class: 'main' });
      const pending = h('div', { class: 'pending' });
      const bot = h('div', { class: 'msg bot reply', 'aria-busy': 'true' }, main, pending);
      ui.log.append(user, bot);
      const entry = { id, question, sends: 0, state: 'queued', announced: false, view: { user, bot, main, pending, more: null, cards: new Map() } };
      asks.set(id, entry);
      if (!send(entry)) wait(entry);
      ui.log.scrollTop = ui.log.scrollHeight;
      return true;
    }

    function send(entry) {
      const message = { type: 'ask', id: entry.id, question: entry.question, limit: defaults.limit };
      if (state.article) message.article = state.article;
      if (!connection.send(message)) return false;
      entry.sends += 1;
      entry.state = 'sent';
      entry.view.pending.replaceChildren(
        h('span', { class: 'typing', 'aria-hidden': 'true' }, h('span'), h('span'), h('span')),
        h('span', { class: 'sr', text: t().searching }),
      );
      return true;
    }

    function wait(entry) {
      entry.state = 'queued';
      entry.view.pending.replaceChildren(h('p', { class: 'note', text: t().queued }));
    }

    /** The ask a frame belongs to, while it still expects frames. */
    function inFlight(id) {
      const entry = asks.get(id);
      return entry && entry.state === 'sent' ? entry : undefined;
    }

    function onAnswer(frame) {
      const entry = inFlight(frame.id);
      if (!entry || !isAnswer(frame)) return;
      const { view } = entry;
      const card = answerCard(entry.id, frame);
      const previous = view.cards.get(frame.rank);
      view.cards.set(frame.rank, card);
      // After a re-ask the same ranks arrive again: replace the card, never add a second one.
      if (previous) previous.replaceWith(card);
      else if (frame.rank === 1) view.main.replaceChildren(card);
      else moreList(view).append(card);
      updateMore(view);
      keepInView(view);
    }

    function moreList(view) {
      if (!view.more) {
        view.more = h('details', { class: 'more', ontoggle: revealMore }, h('summary'), h('div'));
        view.main.after(view.more);
      }
      return view.more.lastElementChild;
    }

    /** Opening "more answers" scrolls them into the panel: they would otherwise unfold out of sight. */
    function revealMore(event) {
      const details = event.currentTarget;
      if (details.open) ui.log.scrollTop = details.offsetTop - 8;
    }

    function updateMore(view) {
      if (!view.more) return;
      const count = view.more.lastElementChild.childElementCount;
      view.more.hidden = count === 0;
      view.more.firstElementChild.textContent = t().more(count);
    }

    function onDone(frame) {
      const entry = inFlight(frame.id);
      if (!entry) return;
      const { view } = entry;
      const count = Number.isInteger(frame.count) ? frame.count : view.cards.size;
      for (const [rank, card] of view.cards) {
        if (rank <= count) continue;
        card.remove();
        view.cards.delete(rank);
      }
      updateMore(view);
      const best = view.cards.get(1);
      if (count > 0 && best) {
        const quote = best.querySelector('blockquote').textContent;
        const hint = best.querySelector('.hint').textContent;
        const more = view.cards.size > 1 ? ` ${t().more(view.cards.size - 1)}.` : '';
        finish(entry, `${t().answer} ${quote} ${hint}.${more}`);
        return;
      }
      const suggestions = Array.isArray(frame.suggestions) ? frame.suggestions : [];
      finish(
        entry,
        t().noAnswer,
        h('p', { class: 'none', text: t().noAnswer }),
        suggestions.length > 0 ? h('p', { text: t().suggest }) : undefined,
        suggestions.length > 0 ? chipList(suggestions, h('ul', { class: 'chips' })) : undefined,
      );
    }

    function onError(frame) {
      // Errors for finished asks are expected (a feedback message the server does not know yet): ignore them.
      const entry = inFlight(frame.id);
      if (!entry) return;
      const { errors } = t();
      const message = Object.hasOwn(errors, frame.code) ? errors[frame.code] : errors.other;
      finish(entry, message, h('p', { class: 'error', text: message }));
    }

    /** Ends an exchange: shows `content` (when given) and announces it once in the live region. */
    function finish(entry, announcement, ...content) {
      const { view } = entry;
      entry.state = 'done';
      if (content.length > 0) {
        view.main.replaceChildren(...content.filter(Boolean));
        view.more?.remove();
        view.cards.clear();
      }
      view.pending.remove();
      view.bot.removeAttribute('aria-busy');
      keepInView(view);
      if (entry.announced) return;
      entry.announced = true;
      ui.live.textContent = announcement;
    }

    /** Scrolls so the question stays at the top while its answer grows below it. */
    function keepInView(view) {
      ui.log.scrollTop = view.user.offsetTop - 8;
    }

    function confidenceHint(score) {
      const [high, medium, low] = t().confidence;
      return score >= 0.8 ? high : score >= 0.6 ? medium : low;
    }

    function answerCard(askId, answer) {
      const c = answer.citation;
      return h(
        'figure',
        { class: 'answer', 'data-rank': answer.rank },
        // Paragraphs before the first section heading stand under the title, which the reader has just read.
        c.heading === c.title ? h('p', { class: 'heading', text: t().lead }) : h('p', { class: 'heading', lang: state.articleLang, text: c.heading }),
        h('blockquote', { class: 'quote', lang: state.articleLang, text: c.quote }),
        h('figcaption', { class: 'meta' }, h('span', { class: 'hint', text: confidenceHint(answer.score) }), citationLink(c)),
        feedbackControl(askId, answer.rank),
      );
    }

    /** On the article's own page the citation jumps to the passage; elsewhere it links to the article. */
    function citationLink(c) {
      const number = Number(c.unit.replace(/^\D+-/, ''));
      // A photo caption is cited as such, not as a paragraph (units caption-1, caption-2, …).
      const place = c.kind === 'faq' ? t().faq : c.kind === 'caption' ? t().caption(number) : t().paragraph(number);
      if (findUnit(c)) {
        return h(
          'a',
          {
            class: 'cite',
            href: `#unit-${c.unit}`,
            onclick: (event) => {
              event.preventDefault();
              showPassage(c);
            },
          },
          `${place}: ${t().show}`,
        );
      }
      const url = safeUrl(c.url);
      if (!url) return h('span', { class: 'cite', text: place });
      return h('a', { class: 'cite', href: url, target: '_blank', rel: 'noopener' }, `${place}: ${t().read} `, h('span', { class: 'sr', text: t().newTab }));
    }

    function showPassage(c) {
      const element = findUnit(c);
      if (!element) return;
      highlight(textRange(element, c.start, c.end));
      const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
      element.scrollIntoView({ block: 'center', behavior: still ? 'auto' : 'smooth' });
      if (!matchMedia(defaults.narrow).matches) return;
      // On a phone the panel covers the page: get out of the way and take the reader to the passage.
      closePanel(false);
      if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
      element.focus({ preventScroll: true });
    }

    function feedbackControl(askId, rank) {
      const button = (helpful, key) =>
        label(
          h(
            'button',
            {
              class: `vote ${helpful ? 'up' : 'down'}`,
              type: 'button',
              'aria-pressed': 'false',
              onclick: (event) => sendFeedback(askId, rank, helpful, event.currentTarget),
            },
            icon(icons.thumb),
          ),
          'aria-label',
          key,
        );
      return label(h('div', { class: 'feedback', role: 'group' }, button(true, 'helpful'), button(false, 'unhelpful')), 'aria-label', 'feedback');
    }

    /**
     * Sends the reader's verdict on one answer. Servers that do not know `feedback` yet answer with an
     * error frame for a finished ask, which onError ignores.
     */
    function sendFeedback(askId, rank, helpful, button) {
      if (!connection.send({ type: 'feedback', id: askId, rank, helpful })) return;
      for (const vote of button.parentElement.children) vote.setAttribute('aria-pressed', String(vote === button));
    }
  }
})();
