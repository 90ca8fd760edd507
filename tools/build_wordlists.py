#!/usr/bin/env python3
"""Builds data/words/*.txt from the MIT-licensed English locale of Faker
(Debian package ruby-faker). Run once when the lists need refreshing; the
generated files are committed, so builds never need ruby-faker."""
import glob, os, sys, yaml

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out_dir = os.path.join(root, "data", "words")
src = sorted(glob.glob("/usr/share/rubygems-integration/all/gems/faker-*/lib/locales/en"))
if not src:
    sys.exit("ruby-faker is not installed: apt-get install -y ruby-faker")
src = src[-1]

def load(name):
    with open(os.path.join(src, name + ".yml")) as f:
        return yaml.safe_load(f)["en"]["faker"]

name, address, company = load("name")["name"], load("address")["address"], load("company")["company"]
lorem, job, internet, color = load("lorem")["lorem"], load("job")["job"], load("internet")["internet"], load("color")["color"]
commerce = load("commerce")["commerce"]

lists = {
    "first_names_female": name["female_first_name"],
    "first_names_male": name["male_first_name"],
    "first_names_neutral": name["neutral_first_name"],
    "last_names": name["last_name"],
    "name_prefixes": name["prefix"],
    "name_suffixes": name["suffix"],
    "city_prefixes": address["city_prefix"],
    "city_suffixes": address["city_suffix"],
    "street_suffixes": address["street_suffix"],
    "states": address["state"],
    "state_abbrs": address["state_abbr"],
    "countries": address["country"],
    "country_codes": sorted(address["country_by_code"].keys()),
    "country_codes_named": [f"{k}\t{v}" for k, v in sorted(address["country_by_code"].items())],
    "time_zones": address["time_zone"],
    "company_suffixes": company["suffix"],
    "industries": company["industry"],
    "buzzwords": [w for group in company["buzzwords"] for w in group],
    "lorem": lorem["words"] + lorem["supplemental"],
    "job_seniority": job["seniority"],
    "job_fields": job["field"],
    "job_positions": job["position"],
    "domain_suffixes": internet["domain_suffix"],
    "colors": color["name"],
    "departments": commerce["department"],
    "product_adjectives": commerce["product_name"]["adjective"],
    "product_materials": commerce["product_name"]["material"],
    "product_nouns": commerce["product_name"]["product"],
}
# State postcode prefixes keep zip codes plausible for their state.
pbs = address["postcode_by_state"]
lists["state_zip_prefixes"] = [f"{a}\t{pbs.get(a, '#####')[:3]}" for a in address["state_abbr"]]

os.makedirs(out_dir, exist_ok=True)
for key, words in lists.items():
    seen, clean = set(), []
    for w in words:
        w = str(w).strip()
        if w and w not in seen and "#{" not in w:
            seen.add(w)
            clean.append(w)
    with open(os.path.join(out_dir, key + ".txt"), "w") as f:
        f.write("# From Faker (MIT), lib/locales/en; see NOTICE.\n" + "\n".join(clean) + "\n")
print(f"wrote {len(lists)} lists to {out_dir}")
