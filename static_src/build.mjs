// Builds static_build/ (git-ignored) from static_src/, GOV.UK Frontend and accessible-autocomplete.
// Plain Node and the sass package: no bundler is needed for one stylesheet
// and a few module scripts.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static_build");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const autocomplete = join(root, "node_modules", "accessible-autocomplete", "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });

const css = sass.compile(join(root, "static_src", "scss", "main.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(out, "css", "main.css"), css.css);

cpSync(join(root, "static_src", "js"), join(out, "js"), { recursive: true });
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
// The search box's suggestions (static_src/js/search-autocomplete.js imports
// it); its source map too, as the script names it. Its stylesheet is part of
// main.css.
for (const file of ["accessible-autocomplete.min.js", "accessible-autocomplete.min.js.map"]) {
  cpSync(join(autocomplete, file), join(out, "accessible-autocomplete", file));
}
// Only the generic images: the crest and GOV.UK icons are not ours to use.
for (const image of ["favicon.ico", "favicon.svg"]) {
  cpSync(join(govuk, "assets", "images", image), join(out, "govuk", "assets", "images", image));
}
console.log(`Built ${out}`);
