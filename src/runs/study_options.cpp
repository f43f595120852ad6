#include "gat/runs/study_options.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "gat/core/error.hpp"
#include "gat/runs/study.hpp"

namespace gat::runs {

using nlohmann::json;

namespace {

std::string_view type_name(OptionType t) {
  switch (t) {
    case OptionType::kBool:
      return "bool";
    case OptionType::kInt:
      return "integer";
    case OptionType::kNumber:
      return "number";
    case OptionType::kText:
      return "text";
    case OptionType::kTextList:
      return "list of text";
  }
  return "?";
}

std::string choices_text(const Option& o) {
  std::string text;
  for (const auto& c : o.choices) text += (text.empty() ? "" : ", ") + c;
  return text;
}

// Why `value` is not a valid value of the option ("" when it is).
std::string check_value(const Option& o, const json& value) {
  const auto in_choices = [&](const std::string& word) {
    return o.choices.empty() ||
           std::find(o.choices.begin(), o.choices.end(), word) != o.choices.end();
  };
  const auto in_range = [&](double x) {
    return std::isfinite(x) && (o.min_exclusive ? x > o.min : x >= o.min);
  };
  const std::string range =
      std::isfinite(o.min)
          ? std::string(o.min_exclusive ? "greater than " : "at least ") + json(o.min).dump()
          : "";
  switch (o.type) {
    case OptionType::kBool:
      return value.is_boolean() ? "" : "must be true or false";
    case OptionType::kInt:
      if (!value.is_number_integer()) return "must be a whole number";
      return in_range(value.get<double>()) ? "" : "must be " + range;
    case OptionType::kNumber:
      if (!value.is_number()) return "must be a number";
      return in_range(value.get<double>()) ? "" : "must be " + range;
    case OptionType::kText:
      if (!value.is_string()) return "must be text";
      return in_choices(value.get<std::string>()) ? "" : "must be one of " + choices_text(o);
    case OptionType::kTextList:
      if (!value.is_array()) return "must be a list of text";
      for (const auto& item : value) {
        if (!item.is_string()) return "must be a list of text";
        if (!in_choices(item.get<std::string>()))
          return "'" + item.get<std::string>() + "' is not one of " + choices_text(o);
      }
      return "";
  }
  return "unknown type";
}

const Option* find_option(const StudyType& type, const std::string& key) {
  for (const auto& o : type.options) {
    if (o.key == key) return &o;
  }
  return nullptr;
}

// Whether an option applies given the other values: its `only_with` holds.
bool applies(const Option& o, const json& values) {
  if (o.only_with.empty()) return true;
  const auto eq = o.only_with.find('=');
  const auto key = o.only_with.substr(0, eq);
  const auto wanted = o.only_with.substr(eq + 1);
  if (!values.contains(key)) return false;
  const auto& v = values.at(key);
  return v.is_string() ? v.get<std::string>() == wanted : v.dump() == wanted;
}

}  // namespace

CanonicalOptions canonical_options(const StudyType& type, const json& given,
                                   const std::string& source) {
  if (!given.is_object()) throw UsageError(source + ": parameters must be an object");
  json values = json::object();
  for (const auto& [key, value] : given.items()) {
    const auto* o = find_option(type, key);
    if (!o) {
      throw UsageError(source + ": study '" + type.command + "' has no parameter '" + key + "'");
    }
    if (const auto why = check_value(*o, value); !why.empty())
      throw UsageError(source + ": parameter " + key + " " + why);
    values[key] = value;
  }
  for (const auto& o : type.options) {
    if (!values.contains(o.key)) values[o.key] = o.default_value;
  }
  CanonicalOptions out;
  for (const auto& o : type.options) {
    const auto& v = applies(o, values) ? values.at(o.key) : o.default_value;
    (o.seed ? out.seeds : o.identity ? out.params : out.settings)[o.key] = v;
  }
  return out;
}

json parse_option_value(const Option& o, const std::string& text) {
  const auto bad = [&](const std::string& why) {
    return UsageError(o.flag + ": " + why + ", not '" + text + "'");
  };
  json value;
  switch (o.type) {
    case OptionType::kBool:
      if (text != "true" && text != "false") throw bad("must be true or false");
      value = text == "true";
      break;
    case OptionType::kInt: {
      std::size_t used = 0;
      long long n = 0;
      try {
        n = std::stoll(text, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (text.empty() || used != text.size()) throw bad("must be a whole number");
      value = static_cast<std::int64_t>(n);
      break;
    }
    case OptionType::kNumber: {
      char* end = nullptr;
      const double x = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(x))
        throw bad("must be a number");
      value = x;
      break;
    }
    case OptionType::kText:
      value = text;
      break;
    case OptionType::kTextList: {
      value = json::array();
      std::stringstream in(text);
      for (std::string word; std::getline(in, word, ',');) value.push_back(word);
      break;
    }
  }
  if (const auto why = check_value(o, value); !why.empty()) throw bad(why);
  return value;
}

std::string studies_markdown() {
  std::ostringstream md;
  md << "# Studies and their options\n\n"
        "Generated by `gat studies --markdown` from each study's one declaration (the same one\n"
        "that makes its command-line flags and checks its StudySpec). Options marked *id* are\n"
        "study parameters: they are in `StudySpec.params` and in the run id. The others are\n"
        "settings (`StudySpec.settings`): how to compute, not what, so not in the run id. Seeds\n"
        "are in `StudySpec.seeds`, and in the run id.\n";
  for (const auto& t : study_types()) {
    if (t.hidden) continue;
    md << "\n## gat " << t.command << "\n\n" << t.summary << ".\n\n";
    md << "| input | flag | required | |\n|---|---|---|---|\n";
    for (const auto& in : t.inputs) {
      md << "| " << in.name << " | " << (in.flag.empty() ? "positional" : "`" + in.flag + "`")
         << " | " << (in.required ? "yes" : "no") << " | " << in.help << " |\n";
    }
    if (!t.options.empty()) {
      md << "\n| parameter | flag | type | default | unit | id | "
            "|\n|---|---|---|---|---|---|---|\n";
      for (const auto& o : t.options) {
        std::string type(type_name(o.type));
        if (!o.choices.empty()) type += ": " + choices_text(o);
        md << "| `" << o.key << "` | `" << o.flag << "`" << (o.inverted ? " (sets false)" : "")
           << " | " << type << " | " << o.default_value.dump() << " | " << o.unit << " | "
           << (o.seed       ? "seed"
               : o.identity ? "id"
                            : "")
           << " | " << o.help << (o.only_with.empty() ? "" : " (only with " + o.only_with + ")")
           << " |\n";
      }
    }
    if (!t.axes.empty()) {
      md << "\n| axis | chunk flag | |\n|---|---|---|\n";
      for (const auto& a : t.axes)
        md << "| " << a.name << " | `" << a.flag << "` | " << a.help << " |\n";
    }
  }
  return md.str();
}

}  // namespace gat::runs
