// What both classification pages (export --web and serve) share: the class list, the drop zone and file input,
// and the result with its probability bars. Each page's own script only computes the probabilities.
// Page contract read by tests/browser/classify-page.mjs: body.dataset.state ('done' or 'error' at the end),
// #top-label, #top-probability, #error.
'use strict';

const ClassifierPage = {
  /** Shows how many classes there are and what they are, and a line of details about the model. */
  showModel(classes, details) {
    document.getElementById('model').textContent =
      [`${classes.length} classes`, ...details].filter((part) => part).join(' · ');
    const list = document.getElementById('classes');
    list.replaceChildren(...classes.map((name) => {
      const item = document.createElement('li');
      item.textContent = name;
      return item;
    }));
    list.hidden = false;
  },

  /** Calls onFile with each image picked in #image or dropped on #drop. */
  onImage(onFile) {
    const input = document.getElementById('image');
    const drop = document.getElementById('drop');
    input.addEventListener('change', () => { if (input.files.length > 0) onFile(input.files[0]); });
    drop.addEventListener('dragover', (event) => { event.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (event) => {
      event.preventDefault();
      drop.classList.remove('over');
      if (event.dataTransfer.files.length > 0) onFile(event.dataTransfer.files[0]);
    });
  },

  busy() {
    document.body.dataset.state = 'busy';
    document.getElementById('error').hidden = true;
  },

  /** Shows the top classes, most probable first: [{ label, probability }]. */
  showResult(top) {
    document.getElementById('top-label').textContent = top[0].label;
    // Plain number, as the page contract reads it; the bars show percentages.
    document.getElementById('top-probability').textContent = top[0].probability.toFixed(4);
    document.getElementById('bars').replaceChildren(...top.map(({ label, probability }) => {
      const row = document.createElement('div');
      row.className = 'row';
      const name = document.createElement('span');
      name.textContent = label;
      const bar = document.createElement('div');
      bar.className = 'bar';
      const fill = document.createElement('span');
      fill.style.width = `${(probability * 100).toFixed(1)}%`;
      bar.append(fill);
      const value = document.createElement('span');
      value.textContent = `${(probability * 100).toFixed(1)}%`;
      row.append(name, bar, value);
      return row;
    }));
    document.getElementById('result').hidden = false;
    document.body.dataset.state = 'done';
  },

  fail(message) {
    const error = document.getElementById('error');
    error.textContent = message;
    error.hidden = false;
    document.getElementById('result').hidden = true;
    document.body.dataset.state = 'error';
  },
};
