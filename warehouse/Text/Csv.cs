using System.Text;

namespace ScienceWeek.Warehouse.Text;

/// <summary>A reader for RFC 4180 CSV: quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF.</summary>
public static class Csv
{
    public static IEnumerable<string[]> Parse(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            any = true;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append((char)c);
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return fields.ToArray();
                    fields.Clear();
                    any = false;
                    break;
                default:
                    field.Append((char)c);
                    break;
            }
        }
        if (any)
        {
            fields.Add(field.ToString());
            yield return fields.ToArray();
        }
    }

    /// <summary>Rows of a CSV file with a header line, as dictionaries keyed by column name.</summary>
    public static List<Dictionary<string, string>> ReadWithHeader(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        using var rows = Parse(reader).GetEnumerator();
        if (!rows.MoveNext())
        {
            return [];
        }
        var header = rows.Current;
        var result = new List<Dictionary<string, string>>();
        while (rows.MoveNext())
        {
            var row = rows.Current;
            result.Add(header.Select((name, i) => (name, value: i < row.Length ? row[i] : "")).ToDictionary(x => x.name, x => x.value));
        }
        return result;
    }
}
