// Opsbook's additions to Decap CMS (the form editor at admin/): playbook files written the way
// `opsbook validate` and `opsbook diff` expect, and translations kept out of the entries' lists.
// Loaded after decap-cms.js (with CMS_MANUAL_INIT), js-yaml and opsbook-formats.js (generated).
(function () {
  "use strict";
  var CMS = window.CMS;
  var yaml = window.jsyaml;

  // Empty optional fields are left out rather than written as "" or [] (which the validator refuses).
  function pruned(value) {
    if (Array.isArray(value)) {
      var items = value.map(pruned).filter(function (item) { return item !== undefined; });
      return items.length ? items : undefined;
    }
    if (value && typeof value === "object") {
      var kept = {};
      Object.keys(value).forEach(function (key) {
        var inner = pruned(value[key]);
        if (inner !== undefined) kept[key] = inner;
      });
      return Object.keys(kept).length ? kept : undefined;
    }
    return value === null || value === "" || value === undefined ? undefined : value;
  }

  function inOrder(data, keys) {
    var ordered = {};
    (keys || []).forEach(function (key) { if (key in data) ordered[key] = data[key]; });
    Object.keys(data).forEach(function (key) { if (!(key in ordered)) ordered[key] = data[key]; });
    return ordered;
  }

  // `tags:` with one item per line, written `tags: [a, b]` when every item is a plain word.
  function oneLine(body, key) {
    var list = new RegExp("^" + key + ":\\n((?:  - [\\w -]+\\n)+)", "m");
    return body.replace(list, function (whole, items) {
      var words = items.trim().split("\n").map(function (line) { return line.replace(/^\s*- /, ""); });
      return key + ": [" + words.join(", ") + "]\n";
    });
  }

  // YAML 1.2 core, as the validator reads it: `no` and dates stay text.
  Object.keys(window.OPSBOOK_FORMATS).forEach(function (name) {
    var format = window.OPSBOOK_FORMATS[name];
    CMS.registerCustomFormat(name, format.extension, {
      fromFile: function (content) {
        return yaml.load(content, { schema: yaml.CORE_SCHEMA }) || {};
      },
      toFile: function (data, sortedKeys) {
        // One line per value however long (as the handbook's files are written), `|` for several lines.
        var body = yaml.dump(inOrder(pruned(data) || {}, sortedKeys), {
          schema: yaml.CORE_SCHEMA, lineWidth: -1, noRefs: true, quotingType: '"'
        });
        format.flow.forEach(function (key) { body = oneLine(body, key); });
        return format.first_line + "\n" + body;
      }
    });
  });

  // `<id>.yaml` and its translations `<id>.<language>.yaml` share a folder; an entries' list shows
  // the entries only (a translation has its own collection, whose extension names the language).
  var TRANSLATION = /\.[A-Za-z]+(-[A-Za-z]+)*\.yaml$/;
  function onlyEntries(name) {
    var backend = CMS.getBackend(name);
    if (!backend) return;
    var make = backend.init;
    backend.init = function () {
      var instance = make.apply(null, arguments);
      ["entriesByFolder", "allEntriesByFolder"].forEach(function (method) {
        var original = instance[method] && instance[method].bind(instance);
        if (!original) return;
        instance[method] = function (folder, extension) {
          return original.apply(null, arguments).then(function (files) {
            if (extension !== "yaml") return files;
            return files.filter(function (file) { return !TRANSLATION.test(file.path || (file.file && file.file.path) || ""); });
          });
        };
      });
      return instance;
    };
  }
  ["github", "proxy"].forEach(onlyEntries);

  CMS.init();
})();
