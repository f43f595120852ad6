// Every study's command, made from its declaration (runs::StudyType): the case and input
// flags, one flag per option, one chunk-size flag per axis, and the run flags every study
// shares. The callback turns what was given into a StudySpec and hands it to run_batch.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <sstream>

#include "batch_options.hpp"
#include "cli.hpp"
#include "gat/core/error.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/runs/study.hpp"

namespace gat::cli {

namespace {

using runs::OptionType;

CLI::App* find_subcommand(CLI::App* parent, const std::string& name) {
  const auto subs = parent->get_subcommands([&](CLI::App* a) { return a->get_name() == name; });
  return subs.empty() ? nullptr : subs.front();
}

// What was typed for one study command.
struct Given {
  std::vector<std::string> inputs;        // per InputSpec
  std::vector<std::string> option_texts;  // per Option (flags: unused)
  std::vector<CLI::Option*> cli_inputs;   // per InputSpec
  std::vector<CLI::Option*> cli_options;  // per Option
  std::vector<std::int64_t> chunks;       // per AxisSpec, 0 when not given
  BatchFlags flags;
};

// The parameter value an option has on this command line, as text ("true", "fdpf").
std::string value_as_text(const runs::Option& o, const CLI::Option* cli) {
  if (o.type == OptionType::kBool) return (cli->count() > 0) != o.inverted ? "true" : "false";
  if (cli->count() > 0) return cli->results().front();
  return o.default_value.is_string() ? o.default_value.get<std::string>() : o.default_value.dump();
}

std::string describe(const runs::Option& o) {
  std::string help = o.help;
  if (o.type != OptionType::kBool) {
    const auto d = o.default_value.is_string() ? o.default_value.get<std::string>()
                   : o.default_value.is_array()
                       ? [&] {
                           std::string t;
                           for (const auto& x : o.default_value)
                             t += (t.empty() ? "" : ",") + x.get<std::string>();
                           return t;
                         }()
                       : o.default_value.dump();
    help += " (default " + d + (o.unit.empty() ? "" : " " + o.unit) + ")";
  }
  if (!o.choices.empty()) {
    std::string c;
    for (const auto& x : o.choices) c += (c.empty() ? "" : ", ") + x;
    help += "; " + c;
  }
  return help;
}

void add_study_command(CLI::App& app, const runs::StudyType& type) {
  std::istringstream words(type.command);
  std::vector<std::string> path;
  for (std::string w; words >> w;) path.push_back(w);
  CLI::App* cmd = &app;
  for (std::size_t i = 0; i < path.size(); ++i) {
    auto* sub = find_subcommand(cmd, path[i]);
    if (!sub) {
      sub = cmd->add_subcommand(path[i], i + 1 == path.size() ? type.summary : "");
      if (i + 1 < path.size()) sub->require_subcommand(1);
    }
    cmd = sub;
  }
  if (type.hidden) cmd->group("");
  if (!type.examples.empty()) cmd->footer(type.examples);
  // A study whose command is the start of another's (batch pf / batch pf dc): its subcommand
  // is optional, and its own required inputs are checked when it runs.
  const bool has_children = std::any_of(
      runs::study_types().begin(), runs::study_types().end(),
      [&](const runs::StudyType& t) { return t.command.starts_with(type.command + " "); });
  if (has_children) cmd->require_subcommand(0, 1);

  auto g = std::make_shared<Given>();
  g->inputs.resize(type.inputs.size());
  g->option_texts.resize(type.options.size());
  g->chunks.assign(type.axes.size(), 0);
  for (std::size_t i = 0; i < type.inputs.size(); ++i) {
    const auto& in = type.inputs[i];
    if (in.flag.empty()) {
      g->cli_inputs.push_back(
          add_case_argument(cmd, g->inputs[i])->required(in.required && !has_children));
    } else {
      auto* o = cmd->add_option(in.flag, g->inputs[i], in.help);
      if (in.required && !has_children) o->required();
      g->cli_inputs.push_back(o);
    }
  }
  for (std::size_t i = 0; i < type.options.size(); ++i) {
    const auto& o = type.options[i];
    if (o.type == OptionType::kBool) {
      g->cli_options.push_back(cmd->add_flag(o.flag)->description(describe(o)));
    } else {
      g->cli_options.push_back(cmd->add_option(o.flag, g->option_texts[i], describe(o))
                                   ->type_name(o.type == OptionType::kInt        ? "INT"
                                               : o.type == OptionType::kNumber   ? "NUMBER"
                                               : o.type == OptionType::kTextList ? "LIST"
                                                                                 : "TEXT")
                                   ->check(CLI::Validator(
                                       [&o](std::string& text) -> std::string {
                                         try {
                                           runs::parse_option_value(o, text);
                                           return {};
                                         } catch (const UsageError& e) {
                                           const std::string why = e.what();
                                           return why.substr(why.find(": ") + 2);
                                         }
                                       },
                                       "")));
      // A list flag given several times: the words of each, in order.
      if (o.type == OptionType::kTextList)
        g->cli_options.back()->delimiter(',')->multi_option_policy(CLI::MultiOptionPolicy::Join);
    }
  }
  // An option that only applies with another's value is refused without it.
  for (std::size_t i = 0; i < type.options.size(); ++i) {
    const auto& o = type.options[i];
    if (o.only_with.empty()) continue;
    const auto eq = o.only_with.find('=');
    const auto key = o.only_with.substr(0, eq), wanted = o.only_with.substr(eq + 1);
    for (std::size_t j = 0; j < type.options.size(); ++j) {
      if (type.options[j].key != key) continue;
      const auto& other = type.options[j];
      const auto* other_cli = g->cli_options[j];
      g->cli_options[i]->check(CLI::Validator(
          [&other, other_cli, wanted](const std::string&) -> std::string {
            if (value_as_text(other, other_cli) == wanted) return {};
            if (other.type == OptionType::kBool)
              return "applies only " + std::string(wanted == "true" ? "with " : "without ") +
                     other.flag;
            return "applies only with " + other.flag + " " + wanted;
          },
          ""));
    }
  }
  for (std::size_t i = 0; i < type.axes.size(); ++i) {
    auto* chunk = cmd->add_option(type.axes[i].flag, g->chunks[i], type.axes[i].help)
                      ->check(positive_number());
    for (std::size_t k = 0; k < type.inputs.size(); ++k) {
      if (type.inputs[k].name == type.axes[i].input) chunk->needs(g->cli_inputs[k]);
    }
  }
  add_batch_flags(cmd, g->flags);

  cmd->callback([&type, cmd, g] {
    for (auto* sub : cmd->get_subcommands()) {
      if (sub->parsed()) return;  // the command of another study (batch pf dc)
    }
    nlohmann::json given = nlohmann::json::object();
    for (std::size_t i = 0; i < type.options.size(); ++i) {
      const auto& o = type.options[i];
      const auto* cli = g->cli_options[i];
      if (cli->count() == 0) continue;
      given[o.key] = o.type == OptionType::kBool ? nlohmann::json(!o.inverted)
                                                 : runs::parse_option_value(o, g->option_texts[i]);
    }
    const auto options = runs::canonical_options(type, given, "gat " + type.command);
    exec::StudySpec spec;
    spec.command = type.command;
    spec.params = options.params;
    spec.settings = options.settings;
    spec.seeds = options.seeds;
    for (std::size_t i = 0; i < type.inputs.size(); ++i) {
      const auto& in = type.inputs[i];
      const auto& text = g->inputs[i];
      if (text.empty()) {
        if (in.required) {
          throw UsageError("gat " + type.command + " needs " +
                           (in.flag.empty() ? "a case" : in.flag + " FILE"));
        }
        continue;
      }
      spec.inputs.push_back(exec::input_file(
          in.name, in.flag.empty() ? io::resolve_case(text) : std::filesystem::path(text)));
    }
    for (std::size_t i = 0; i < type.axes.size(); ++i) {
      const auto size = g->chunks[i] > 0 ? g->chunks[i] : type.axes[i].default_chunk(spec.params);
      if (size > 0) spec.chunk_size[type.axes[i].name] = size;
    }
    run_batch(spec, g->flags, type.highlights);
  });
}

}  // namespace

void add_study_commands(CLI::App& app) {
  for (const auto& type : runs::study_types()) add_study_command(app, type);
  auto* list = app.add_subcommand("studies", "The studies gat runs, with their options");
  auto markdown = std::make_shared<bool>(false);
  list->add_flag("--markdown", *markdown, "The reference page docs/studies.md");
  list->footer(R"(Examples:
  gat studies                                 every study, by its command
  gat studies --markdown > docs/studies.md    their inputs, options and axes, as a page)");
  list->callback([markdown] {
    if (*markdown) {
      std::fputs(runs::studies_markdown().c_str(), stdout);
      return;
    }
    for (const auto& t : runs::study_types()) {
      if (!t.hidden) std::printf("  gat %-22s %s\n", t.command.c_str(), t.summary.c_str());
    }
  });
}

}  // namespace gat::cli
