// Which column names look personal (engine/spec/pii_names.h): tables of
// names that must be flagged, with the category the hint suggests, and of
// names that must not be.
#include "engine/spec/pii_names.h"

#include <catch2/catch.hpp>

#include "engine/spec/pii_audit.h"
#include "engine/spec/spec_loader.h"

namespace seed {

namespace {

std::string Words(const std::string& name) {
  std::string out;
  for (const std::string& w : SplitColumnName(name)) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string CategoryOf(const std::string& name, const PiiNames& names = PiiNames::Builtin()) {
  const PiiNameMatch m = names.Match(name);
  return m.found() ? m.category : "-";
}

}  // namespace

TEST_CASE("column names split on separators, digits and camelCase", "[pii]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"first_name", "first name"},
      {"firstName", "first name"},
      {"PhoneNumber", "phone number"},
      {"SSNNumber", "ssn number"},
      {"IPAddress", "ip address"},
      {"address_line1", "address line"},
      {"e-mail", "e mail"},
      {"date of birth", "date of birth"},
      {"ipv4", "ipv"},
      {"cvv2", "cvv"},
      {"USER_ID", "user id"},
      {"Straße", "straße"},
      {"__x__", "x"},
      {"123", ""}};
  for (const auto& [name, words] : cases) {
    INFO(name);
    CHECK(Words(name) == words);
  }
}

TEST_CASE("personal-looking names are flagged, with the category that fits", "[pii]") {
  // name -> the category the validator's hint suggests.
  const std::vector<std::pair<std::string, std::string>> personal = {
      // identity
      {"name", "name"},
      {"full_name", "name"},
      {"fullname", "name"},
      {"FullName", "name"},
      {"first_name", "name"},
      {"firstName", "name"},
      {"firstname", "name"},
      {"last_name", "name"},
      {"LastName", "name"},
      {"surname", "name"},
      {"middle_name", "name"},
      {"maiden_name", "name"},
      {"customerFullName", "name"},
      {"username", "username"},
      {"user_name", "username"},
      {"login", "username"},
      // contact
      {"email", "email"},
      {"e_mail", "email"},
      {"emailAddress", "email"},
      {"emailaddress", "email"},
      {"work_email", "email"},
      {"customerEmail", "email"},
      {"phone", "phone"},
      {"telephone", "phone"},
      {"phoneNumber", "phone"},
      {"home_phone", "phone"},
      {"mobile", "phone"},
      {"cell_phone", "phone"},
      {"fax", "phone"},
      {"tel", "phone"},
      {"msisdn", "phone"},
      // location
      {"address", "address"},
      {"street", "address"},
      {"street_address", "address"},
      {"address_line1", "address"},
      {"billing_address", "address"},
      {"homeAddress", "address"},
      {"zip", "postal_code"},
      {"zip_code", "postal_code"},
      {"postcode", "postal_code"},
      {"postal_code", "postal_code"},
      {"latitude", "geo"},
      {"lng", "geo"},
      {"gps_location", "geo"},
      // birth
      {"dob", "date_of_birth"},
      {"date_of_birth", "date_of_birth"},
      {"dateOfBirth", "date_of_birth"},
      {"dateofbirth", "date_of_birth"},
      {"birthdate", "date_of_birth"},
      {"birthday", "date_of_birth"},
      // government ids
      {"ssn", "national_id"},
      {"SSN", "national_id"},
      {"social_security", "national_id"},
      {"socialSecurityNumber", "national_id"},
      {"tax_id", "national_id"},
      {"taxId", "national_id"},
      {"tin", "national_id"},
      {"nino", "national_id"},
      {"nhs_number", "national_id"},
      {"passport", "national_id"},
      {"passport_number", "national_id"},
      {"national_id", "national_id"},
      {"taxpayer_id", "national_id"},
      {"dni", "national_id"},
      {"cpf", "national_id"},
      {"driver_license", "license_number"},
      {"drivers_license_no", "license_number"},
      {"license_plate", "license_number"},
      // financial
      {"account_number", "financial"},
      {"accountNumber", "financial"},
      {"bank_account", "financial"},
      {"iban", "financial"},
      {"bic", "financial"},
      {"swift_code", "financial"},
      {"card_number", "financial"},
      {"credit_card", "financial"},
      {"creditCardNumber", "financial"},
      {"pan", "financial"},
      {"cvv", "financial"},
      {"cvv2", "financial"},
      {"cvc", "financial"},
      {"routing_number", "financial"},
      {"sort_code", "financial"},
      {"salary", "financial"},
      {"salary_usd", "financial"},
      {"wage", "financial"},
      {"annual_income", "financial"},
      {"credit_score", "financial"},
      // health
      {"diagnosis", "other"},
      {"medical_record", "other"},
      {"patient_id", "other"},
      {"prescription", "other"},
      {"allergies", "other"},
      {"blood_type", "other"},
      {"disability", "other"},
      {"mrn", "other"},
      // credentials
      {"password", "other"},
      {"passwd", "other"},
      {"pwd", "other"},
      {"password_hash", "other"},
      {"userPassword", "other"},
      {"secret", "other"},
      {"api_key", "other"},
      {"apiKey", "other"},
      {"access_token", "other"},
      {"token", "other"},
      {"pin", "other"},
      {"pin_code", "other"},
      {"otp", "other"},
      // free text
      {"notes", "free_text"},
      {"comment", "free_text"},
      {"comments", "free_text"},
      {"remarks", "free_text"},
      {"bio", "free_text"},
      {"message", "free_text"},
      // demographics
      {"gender", "other"},
      {"sex", "other"},
      {"race", "other"},
      {"ethnicity", "other"},
      {"religion", "other"},
      {"age", "other"},
      {"nationality", "other"},
      {"marital_status", "other"},
      // devices and online ids
      {"ip", "ip"},
      {"ip_address", "ip"},
      {"IPAddress", "ip"},
      {"ipv4", "ip"},
      {"client_ip", "ip"},
      {"mac", "other"},
      {"mac_address", "other"},
      {"device_id", "other"},
      {"deviceId", "other"},
      {"imei", "other"},
      {"cookie", "other"},
      {"user_agent", "other"},
      {"photo", "other"},
      // other languages
      {"nombre", "name"},
      {"apellido", "name"},
      {"telefono", "phone"},
      {"correo", "email"},
      {"direccion", "address"},
      {"nachname", "name"},
      {"vorname", "name"},
      {"strasse", "address"},
      {"adresse", "address"},
      {"prenom", "name"},
      {"nom", "name"},
      {"telefone", "phone"},
      {"endereco", "address"},
      {"cognome", "name"},
      {"indirizzo", "address"},
      {"geburtsdatum", "date_of_birth"},
      {"telefonnummer", "phone"},
      {"voornaam", "name"},
      {"achternaam", "name"},
      {"plz", "postal_code"},
      {"codigo_postal", "postal_code"},
      {"passwort", "other"},
      {"contrasena", "other"},
      {"senha", "other"},
      {"wachtwoord", "other"},
      {"Straße", "address"},
      {"teléfono", "phone"}};
  REQUIRE(personal.size() >= 150);
  for (const auto& [name, category] : personal) {
    INFO(name);
    CHECK(CategoryOf(name) == category);
  }
}

TEST_CASE("business and bookkeeping names are not flagged", "[pii]") {
  // Every column of the shipped demo specs without a rule, and more.
  const std::vector<std::string> plain = {"id",
                                          "created_at",
                                          "updated_at",
                                          "quantity",
                                          "price",
                                          "unit_price",
                                          "status",
                                          "sku",
                                          "thc_pct",
                                          "thc_typical",
                                          "order_number",
                                          "order_id",
                                          "client_id",
                                          "supplier_client_id",
                                          "batch_code",
                                          "batch_id",
                                          "harvest_date",
                                          "weight_grams",
                                          "line_total",
                                          "category",
                                          "client_type",
                                          "credit_limit",
                                          "location",
                                          "city",
                                          "state",
                                          "strain_id",
                                          "inventory_item_id",
                                          "ordered_at",
                                          "total",
                                          "amount",
                                          "currency",
                                          "is_active",
                                          "version",
                                          "sort_order",
                                          "priority",
                                          "tags",
                                          "color",
                                          "size",
                                          "timezone",
                                          "locale",
                                          "language",
                                          "country",
                                          "region",
                                          "warehouse",
                                          "tax_rate",
                                          "discount_pct",
                                          "page",
                                          "usage",
                                          "stage",
                                          "average",
                                          "package",
                                          "storage",
                                          "pinned",
                                          "spinner",
                                          "shipping_method",
                                          "expires_at",
                                          "bypass_cache",
                                          "zipped",
                                          "description",
                                          "title",
                                          "slug",
                                          "uuid",
                                          "checksum",
                                          "row_count",
                                          "stock_level",
                                          "due_date",
                                          "pipeline",
                                          "engine_version",
                                          "manage_stock",
                                          "homepage_url",
                                          "cell_count"};
  for (const std::string& name : plain) {
    INFO(name);
    CHECK(CategoryOf(name) == "-");
  }
}

TEST_CASE("pii-names.txt adds words with a category and exempts others", "[pii]") {
  Diagnostics diag;
  const PiiNames names = PiiNames::Parse(
      "# project words\n"
      "kundennr national_id   # customer number\n"
      "Badge-Code\n"
      "\n"
      "!nickname\n"
      "!strain_name\r\n",
      "specs/pii-names.txt", diag);
  REQUIRE(diag.ok());
  CHECK(CategoryOf("kundennr", names) == "national_id");
  CHECK(CategoryOf("KundenNr", names) == "national_id");
  CHECK(CategoryOf("badge_code", names) == "other");  // no category given
  CHECK(CategoryOf("badgeCode", names) == "other");
  CHECK(CategoryOf("nickname", names) == "-");
  CHECK(CategoryOf("strain_name", names) == "-");  // the run strain+name is exempt
  CHECK(CategoryOf("strain_name", PiiNames::Builtin()) == "name");
  CHECK(CategoryOf("owner_name", names) == "name");  // 'name' alone is still a word
  CHECK(CategoryOf("kundennr") == "-");              // the built-in lists are unchanged

  Diagnostics bad;
  PiiNames::Parse("ok_word\nfoo nonsense\n!bar email\n123\na b c\n", "specs/pii-names.txt", bad);
  const std::string errors = bad.ToStatus().message();
  INFO(errors);
  CHECK(errors.find("specs/pii-names.txt:2:1: unknown pii category 'nonsense'") !=
        std::string::npos);
  CHECK(errors.find("specs/pii-names.txt:3:1: an exemption takes no category") !=
        std::string::npos);
  CHECK(errors.find("specs/pii-names.txt:4:1: '123' has no letters") != std::string::npos);
  CHECK(errors.find("specs/pii-names.txt:5:1: expected `word [category]`") != std::string::npos);
  CHECK(errors.find(":1:1:") == std::string::npos);
}

TEST_CASE("the shipped demo specs need no new rules", "[pii]") {
  Diagnostics diag;
  const std::vector<TableSpec> specs = LoadSpecDir(std::string(SEED_SOURCE_DIR) + "/specs", diag);
  REQUIRE(diag.ok());
  LintPii(specs, LoadPiiNames(std::string(SEED_SOURCE_DIR) + "/specs", diag), diag);
  CHECK(diag.ok());
}

}  // namespace seed
