using System.Text.Encodings.Web;
using System.Text.Json;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.Etl.Forms;

/// <summary>
/// The one-line JSON shape of a read result, as <c>check</c> prints it; <c>import</c> prints the same object with its own
/// fields appended through <c>writeExtra</c>.
/// </summary>
public static class FormReadJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    public static string ToLine(FormReadResult result, Action<Utf8JsonWriter>? writeExtra = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            Write(writer, result, writeExtra);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, FormReadResult result, Action<Utf8JsonWriter>? writeExtra = null)
    {
        writer.WriteStartObject();
        writer.WriteString("file", result.File);
        writer.WriteString("status", result.Status.Code());
        writer.WriteString("form", result.Form);
        if (result.Unit is { } unit)
        {
            writer.WriteStartObject("unit");
            writer.WriteString("code", unit.Code);
            writer.WriteString("name", unit.Name);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("unit");
        }
        if (result.Year is { } year)
        {
            writer.WriteNumber("year", year);
        }
        else
        {
            writer.WriteNull("year");
        }
        writer.WriteStartObject("values");
        if (result.Form == FormKind.Statistics)
        {
            foreach (var measure in Measures.OnForm)
            {
                if (result.Values.TryGetValue(measure, out var value) && value.Value is { } number)
                {
                    writer.WriteNumber(measure, FormValue.Canonical(number));
                }
                else
                {
                    writer.WriteNull(measure);
                }
            }
        }
        writer.WriteEndObject();
        writer.WriteStartArray("activities");
        foreach (var activity in result.Activities)
        {
            writer.WriteStartObject();
            writer.WriteString("name", activity.Name);
            writer.WriteString("description", activity.Description);
            writer.WriteString("when", activity.When);
            writer.WriteString("place", activity.Place);
            writer.WriteString("county", activity.County);
            writer.WriteString("unit", activity.Unit);
            writer.WriteString("contact", activity.Contact);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("issues");
        foreach (var issue in result.Issues)
        {
            writer.WriteStartObject();
            writer.WriteString("severity", issue.Severity);
            writer.WriteString("code", issue.Code);
            writer.WriteString("message", issue.Message);
            writer.WriteString("cell", issue.Cell);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writeExtra?.Invoke(writer);
        writer.WriteEndObject();
    }
}
