#include "engine/spec/pii_names.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/spec/spec_loader.h"

namespace seed {

namespace {

// Whole words and joined runs of words, by the category a rule for them
// would usually take. Underscores only show where the words split: every
// entry is matched in its joined form, so `tax_id` also matches `taxId`,
// `TaxID` and `taxid`. Kept out on purpose (too common in business data,
// e.g. the demo specs): city, state, country, location, credit (alone),
// account (alone), description, cell, health, key, pass, via.
struct WordList {
  const char* category;
  const char* words;  // space-separated
};

const WordList kWords[] = {
    {"name",
     "name names first_name last_name full_name surname surnames forename given_name family_name "
     "middle_name maiden_name nickname display_name real_name legal_name fname lname mname "
     "initials "
     "card_holder account_holder "
     "nombre nombres nombre_completo apellido apellidos primer_apellido segundo_apellido "  // es
     "vorname vornamen nachname familienname geburtsname rufname "                          // de
     "prenom prénom nom nom_de_famille nom_complet "                                        // fr
     "nome sobrenome apelido nome_completo "                                                // pt
     "cognome nominativo "                                                                  // it
     "voornaam achternaam naam tussenvoegsel"},                                             // nl
    {"email",
     "email emails e_mail mail email_address mail_address emailadresse mailadresse courriel "
     "correo correo_electronico correo_electrónico adresse_mail adresse_email posta_elettronica"},
    {"phone",
     "phone phones phone_number telephone telephone_number tel tel_no fax mobile mobile_number "
     "mobil cellphone cell_phone cellular cell_number msisdn handy "
     "telefon telefonnummer handynummer telefono teléfono movil móvil celular telefone telemovel "
     "telefoon telefoonnummer mobiel numero_telefono numéro_de_téléphone"},
    {"address",
     "address addresses addr street street_address street_name house_number home_address "
     "billing_address shipping_address mailing_address postal_address residence apartment "
     "address_line "
     "strasse straße hausnummer anschrift adresse wohnort wohnadresse "
     "direccion dirección domicilio calle "
     "endereco endereço morada rua "
     "indirizzo residenza "
     "adres straat huisnummer woonplaats"},
    {"postal_code",
     "zip zipcode zip_code postal postcode postal_code plz postleitzahl cep codigo_postal "
     "código_postal code_postal codice_postale"},
    {"date_of_birth",
     "dob birth birthday birthdate birth_date date_of_birth birth_year birth_place place_of_birth "
     "geburtsdatum geburtstag geburtsort fecha_de_nacimiento fecha_nacimiento nacimiento "
     "date_de_naissance naissance data_de_nascimento data_nascimento nascimento data_di_nascita "
     "nascita geboortedatum geboren"},
    {"national_id",
     "ssn social_security social_security_number socsec sin nino nin national_insurance "
     "national_insurance_number nhs nhs_number tax_id taxid tax_number tax_code tin itin taxpayer "
     "taxpayer_id national national_id id_number id_card identity_card identity_number "
     "passport passport_number passport_no "
     "dni nie nif cpf rg curp rut aadhaar pan_card pesel bsn sofinummer personnummer "
     "steuer_id steuernummer steueridentifikationsnummer personalausweis ausweis ausweisnummer "
     "sozialversicherungsnummer codice_fiscale numero_fiscale nir numero_secu securite_sociale "
     "seguridad_social numero_documento"},
    {"license_number",
     "license licence license_number licence_number driver_license drivers_license "
     "driver_licence driving_licence driving_license license_plate licence_plate number_plate "
     "fuehrerschein führerschein kennzeichen permis_de_conduire carnet_de_conducir"},
    {"financial",
     "iban bic swift swift_code card card_number cardnumber credit_card debit_card pan cvv cvc "
     "cvv2 ccv card_expiry security_code account_number account_no acct acct_no "
     "bank_account bank_details routing_number sort_code salary salaries wage wages income "
     "payroll paycheck compensation credit_score credit_rating net_worth "
     "kontonummer bankverbindung gehalt lohn einkommen cuenta numero_de_cuenta tarjeta salario "
     "sueldo ingresos salaire revenu compte numero_de_compte carte carte_bancaire "
     "conta_bancaria cartao cartão conto stipendio reddito rekeningnummer salaris inkomen"},
    {"ip", "ip ip_address ipaddr ipv client_ip remote_ip remote_addr source_ip user_ip"},
    {"geo",
     "lat latitude lon lng longitude coordinates coords geolocation geo_location gps gps_location"},
    {"username",
     "username user_name login login_name screen_name benutzername nombre_usuario "
     "nom_utilisateur nome_utente gebruikersnaam"},
    {"free_text",
     "notes note comment comments remarks remark bio biography message messages memo feedback "
     "about_me free_text "
     "notiz notizen bemerkung bemerkungen kommentar nachricht nota notas comentario comentarios "
     "observaciones mensaje commentaire commentaires remarque observations observacoes "
     "observações mensagem commento commenti messaggio opmerking opmerkingen"},
    {"other",
     // credentials
     "password passwords passwd pwd passcode passphrase secret secrets token tokens api_key "
     "apikey access_key secret_key private_key auth_token access_token refresh_token "
     "session_token session_id credential credentials pin pin_code otp totp security_answer "
     "passwort kennwort contrasena contraseña clave_acceso mot_de_passe senha wachtwoord "
     // health
     "diagnosis diagnoses diagnose diagnosed medical medication medications medicine patient "
     "patients prescription prescriptions allergy allergies blood blood_type blood_group "
     "disability disabilities disease diseases illness symptom symptoms treatment_plan "
     "health_record health_condition health_insurance insurance_number mrn icd pregnancy "
     "pregnant hiv vaccination vaccine bmi "
     "diagnostico diagnóstico diagnosi krankheit krankenkasse "
     "versichertennummer maladie enfermedad paciente paziente ziekte "
     // demographics
     "gender sex race ethnicity ethnic religion religious age nationality citizenship marital "
     "marital_status sexual_orientation political_opinion union_membership "
     "geschlecht staatsangehörigkeit staatsangehoerigkeit religion genero género sexo sexe "
     "nationalite nationalité nacionalidad nacionalidade edad idade leeftijd geslacht "
     // devices and online ids
     "mac mac_address macaddr device_id device_token imei imsi udid idfa gaid advertising_id "
     "cookie cookies user_agent fingerprint browser_fingerprint push_token "
     // images of people
     "photo photos picture avatar selfie portrait signature biometric biometrics face_id"},
};

// Stems found inside one word (telephone, useremail, homeaddress); long and
// specific enough to be rare in anything else.
const WordList kStems[] = {
    {"email", "email"},
    {"phone", "phone telefon telefoon"},
    {"address", "address adresse"},
    {"date_of_birth", "birth geburt nacimiento naissance nascimento geboorte"},
    {"name", "firstname lastname fullname surname vorname nachname apellido"},
    {"national_id", "passport socialsecurity"},
    {"financial", "creditcard salary iban"},
    {"other", "passw"},
};

std::string Joined(const std::vector<std::string>& words, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += words[i];
  return out;
}

std::vector<std::string> Split(const char* words) {
  std::vector<std::string> out;
  std::istringstream in(words);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(unsigned char c) { return (c >= 'a' && c <= 'z') || c >= 0x80; }

}  // namespace

std::vector<std::string> SplitColumnName(const std::string& name) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) out.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (!IsUpper(c) && !IsLower(c)) {
      flush();  // separators and digits
      continue;
    }
    const unsigned char prev = i ? static_cast<unsigned char>(name[i - 1]) : 0;
    const unsigned char next = i + 1 < name.size() ? static_cast<unsigned char>(name[i + 1]) : 0;
    // firstName | SSNNumber: a capital after a small letter, or the last
    // capital of a run followed by a small letter, starts a word.
    if (IsUpper(c) &&
        ((IsLower(prev) && prev < 0x80) || (IsUpper(prev) && IsLower(next) && next < 0x80)))
      flush();
    word += static_cast<char>(IsUpper(c) ? c - 'A' + 'a' : c);
  }
  flush();
  return out;
}

const PiiNames& PiiNames::Builtin() {
  static const PiiNames names = [] {
    PiiNames n;
    for (const WordList& list : kWords)
      for (const std::string& w : Split(list.words)) n.Add(w, list.category);
    return n;
  }();
  return names;
}

void PiiNames::Add(const std::string& listed, const std::string& category) {
  const std::vector<std::string> words = SplitColumnName(listed);
  if (words.empty()) return;
  // The first spelling listed stays the one reported; the last category wins.
  auto [it, added] = words_.try_emplace(Joined(words, 0, words.size()), Word{listed, category});
  if (!added) it->second.category = category;
}

PiiNameMatch PiiNames::Match(const std::string& column_name) const {
  const std::vector<std::string> words = SplitColumnName(column_name);
  const size_t n = words.size();
  std::vector<bool> exempt(n, false);
  for (size_t from = 0; from < n; ++from)
    for (size_t to = from + 1; to <= n; ++to)
      if (exempt_.count(Joined(words, from, to)))
        std::fill(exempt.begin() + from, exempt.begin() + to, true);
  auto covered = [&](size_t from, size_t to) {
    return std::all_of(exempt.begin() + from, exempt.begin() + to, [](bool b) { return b; });
  };
  for (size_t len = n; len >= 1; --len)
    for (size_t from = 0; from + len <= n; ++from) {
      auto it = words_.find(Joined(words, from, from + len));
      if (it != words_.end() && !covered(from, from + len))
        return {it->second.listed, it->second.category};
    }
  for (size_t i = 0; i < n; ++i) {
    if (covered(i, i + 1)) continue;
    for (const WordList& list : kStems)
      for (const std::string& stem : Split(list.words))
        if (words[i].size() > stem.size() && words[i].find(stem) != std::string::npos)
          return {stem, list.category};
  }
  return {};
}

Status PiiNames::AddLine(const std::string& raw) {
  std::string line = raw.substr(0, raw.find('#'));
  std::istringstream in(line);
  std::string word, category, extra;
  if (!(in >> word)) return Status::Ok();  // blank or comment
  in >> category >> extra;
  if (!extra.empty())
    return Status::Spec("expected `word [category]` or `!word`, got '" + line + "'");
  const bool exempt = word[0] == '!';
  const std::vector<std::string> words = SplitColumnName(exempt ? word.substr(1) : word);
  if (words.empty()) return Status::Spec("'" + word + "' has no letters to match a column name by");
  if (exempt) {
    if (!category.empty()) return Status::Spec("an exemption takes no category: '" + line + "'");
    exempt_.insert(Joined(words, 0, words.size()));
    return Status::Ok();
  }
  if (category.empty()) category = "other";
  const std::vector<std::string>& known = PiiCategories();
  if (category == "none" || std::find(known.begin(), known.end(), category) == known.end())
    return Status::Spec("unknown pii category '" + category + "' for '" + word +
                        "' (use one the specs accept other than none; write !" + word +
                        " to exempt it)");
  Add(word, category);
  return Status::Ok();
}

PiiNames PiiNames::Parse(const std::string& text, const std::string& file, Diagnostics& diag) {
  PiiNames names = Builtin();
  std::istringstream in(text);
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (Status s = names.AddLine(line); !s.ok())
      diag.SpecError(s.message(), Mark{file, line_no, 1});
  }
  return names;
}

PiiNames LoadPiiNames(const std::string& spec_dir, Diagnostics& diag) {
  const std::string path = (std::filesystem::path(spec_dir) / kPiiNamesFile).string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return PiiNames::Builtin();
  std::ifstream f(path, std::ios::binary);
  std::ostringstream text;
  if (f.is_open()) text << f.rdbuf();
  if (!f.is_open() || f.bad()) {
    diag.Error(Code::kIo, path + ": cannot read");
    return PiiNames::Builtin();
  }
  return PiiNames::Parse(text.str(), path, diag);
}

}  // namespace seed
