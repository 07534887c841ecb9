using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using CloudVm.Http;
using CloudVm.Json;

namespace CloudVm.Providers.Gpcn
{
    /// <summary>GPCN's list page read in one pass over its UTF-8 bytes (a page holds 100 VMs and a listing thousands of
    /// pages' worth): no document in between, and the same rules as the document path — the root is an object, `data` is a
    /// list, every item an object with an id, no key twice in any object this reads, depth at most 64; anything else is
    /// CloudVm.InvalidResponse. Either name of each field works. The detail answer's VM object is read by the same code (<see cref="ReadVm"/>). Values CloudVm
    /// does not read are skipped (and not checked for duplicate keys inside them). A body with success=false goes back to
    /// the document path, which reads the provider's error.</summary>
    internal static class GpcnPageReader
    {
        static readonly JsonReaderOptions Options = new JsonReaderOptions { MaxDepth = 64 };

        public sealed class Page
        {
            public readonly List<VirtualMachine> Items = new List<VirtualMachine>(100);
            public bool? HasNextPage;
            public int? TotalPages;
            public int? PageSize;
            public long? Total;
            public bool Failed;
            public bool Succeeded;
            public bool SuccessSeen;
        }

        /// <summary>The page, or null when the body says success=false (the caller reads the error).</summary>
        public static Page? Read(ApiResponse r, CloudVmSession session, ProviderFeatures features)
        {
            if (r.IsEmpty) throw Shape.Invalid(r, "an empty body");
            if (!r.LooksJson) throw Shape.Invalid(r, $"a {r.ContentType} body, not JSON");
            try
            {
                var reader = new Utf8JsonReader(r.Bytes, Options);
                var page = new Page();
                bool sawData = false;
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw Shape.Invalid(r, "a JSON value that is not an object where an object was expected");
                var keys = new Keys();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("success"u8))
                    {
                        keys.Known(r, 0, ref reader);
                        reader.Read();
                        page.SuccessSeen = true;
                        if (reader.TokenType == JsonTokenType.False) page.Failed = true;
                        else if (reader.TokenType == JsonTokenType.True) page.Succeeded = true;
                        else reader.Skip();
                    }
                    else if (reader.ValueTextEquals("data"u8))
                    {
                        keys.Known(r, 1, ref reader);
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.StartArray) { if (page.Failed) { reader.Skip(); continue; } throw Shape.Invalid(r, "no 'data' list"); }
                        sawData = true;
                        var repeats = new Repeats();
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            if (reader.TokenType != JsonTokenType.StartObject) throw Shape.Invalid(r, "a list element that is not an object");
                            page.Items.Add(Vm(r, ref reader, session, features, repeats));
                        }
                    }
                    else if (reader.ValueTextEquals("meta"u8))
                    {
                        keys.Known(r, 2, ref reader);
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.StartObject) Meta(r, ref reader, page);
                        else reader.Skip();
                    }
                    else
                    {
                        keys.Unknown(r, ref reader);
                        reader.Read();
                        reader.Skip();
                    }
                }
                if (reader.TokenType != JsonTokenType.EndObject) throw Shape.Invalid(r, "a JSON value that is not an object where an object was expected");
                if (reader.Read()) throw Shape.Invalid(r, "more after the JSON document");
                if (page.Failed) return null;
                if (!sawData) throw Shape.Invalid(r, "no 'data' list");
                if (!page.Succeeded) throw Shape.Invalid(r, page.SuccessSeen ? "a 'success' flag that is not true or false" : "no 'success' flag");
                return page;
            }
            catch (JsonException e)
            {
                throw Shape.Invalid(r, "JSON that cannot be read (" + r.Redactor.Redact(e.Message) + ")");
            }
        }

        /// <summary>The keys of one object: a bit per key CloudVm reads, the others by name; a key twice is an error.</summary>
        struct Keys
        {
            ulong known;
            List<string>? others;

            public void Known(ApiResponse r, int bit, ref Utf8JsonReader reader)
            {
                var mask = 1UL << bit;
                if ((known & mask) != 0) throw Shape.Invalid(r, $"the key '{reader.GetString()}' twice in one object");
                known |= mask;
            }

            public void Unknown(ApiResponse r, ref Utf8JsonReader reader)
            {
                var name = reader.GetString()!;
                others ??= new List<string>(2);
                foreach (var o in others) if (o == name) throw Shape.Invalid(r, $"the key '{name}' twice in one object");
                others.Add(name);
            }
        }

        sealed class Repeats
        {
            public string? Status, Image, DcName, DcId, Region, Country, Size;
        }

        /// <summary>One VM object of another answer (the detail's), by the same rules as a page's items.</summary>
        public static VirtualMachine ReadVm(ApiResponse r, JsonElement o, CloudVmSession session, ProviderFeatures features)
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(o.GetRawText()), Options);
            reader.Read();
            return Vm(r, ref reader, session, features, new Repeats());
        }

        static void Meta(ApiResponse r, ref Utf8JsonReader reader, Page page)
        {
            var keys = new Keys();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("total"u8)) { keys.Known(r, 0, ref reader); reader.Read(); page.Total = Count(r, ref reader, "meta.total", long.MaxValue); }
                else if (reader.ValueTextEquals("hasNextPage"u8)) { keys.Known(r, 1, ref reader); reader.Read(); page.HasNextPage = Bool(ref reader); }
                else if (reader.ValueTextEquals("totalPages"u8)) { keys.Known(r, 2, ref reader); reader.Read(); page.TotalPages = (int?)Count(r, ref reader, "meta.totalPages", int.MaxValue); }
                else if (reader.ValueTextEquals("pageSize"u8)) { keys.Known(r, 3, ref reader); reader.Read(); page.PageSize = (int?)Count(r, ref reader, "meta.pageSize", int.MaxValue); }
                else { keys.Unknown(r, ref reader); reader.Read(); reader.Skip(); }
            }
        }

        /// <summary>A count the listing plans by: absent, or a whole number from 0 to <paramref name="max"/>; anything else
        /// (negative, fractional, overflowing, not a number) is CloudVm.InvalidResponse, never a guess.</summary>
        static long? Count(ApiResponse r, ref Utf8JsonReader reader, string name, long max)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n) && n >= 0 && n <= max) return n;
            throw Shape.Invalid(r, $"a '{name}' that is not a whole number from 0 to {max}");
        }

        static VirtualMachine Vm(ApiResponse r, ref Utf8JsonReader reader, CloudVmSession session, ProviderFeatures features, Repeats repeats)
        {
            string? id = null, name = null, status = null, size = null, configName = null, sizeId = null, image = null, image2 = null, location = null, location2 = null,
                locationId = null, locationId2 = null, privateIp = null, privateIp2 = null, publicIp = null, publicIp2 = null, team = null, region = null, country = null, category = null, error = null,
                cfgId = null, skuId = null, skuCode = null, resourceGroup = null, userName = null, sshKeyId = null, sshKeyName = null;
            bool? hotplug = null;
            int? cpu = null, disk = null, cfgCpu = null, cfgDisk = null;
            double? ram = null, cfgRam = null;
            DateTimeOffset? created = null, updated = null;
            var keys = new Keys();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8)) { keys.Known(r, 0, ref reader); reader.Read(); id = Str(ref reader); }
                else if (reader.ValueTextEquals("name"u8)) { keys.Known(r, 1, ref reader); reader.Read(); name = Str(ref reader); }
                else if (reader.ValueTextEquals("status"u8)) { keys.Known(r, 2, ref reader); reader.Read(); status = Reuse(ref reader, ref repeats.Status); }
                else if (reader.ValueTextEquals("cpu"u8)) { keys.Known(r, 3, ref reader); reader.Read(); cpu = Int(ref reader); }
                else if (reader.ValueTextEquals("ram"u8)) { keys.Known(r, 4, ref reader); reader.Read(); ram = Double(ref reader); }
                else if (reader.ValueTextEquals("disk"u8)) { keys.Known(r, 5, ref reader); reader.Read(); disk = Int(ref reader); }
                else if (reader.ValueTextEquals("configuration"u8))
                {
                    keys.Known(r, 6, ref reader);
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String) size = Reuse(ref reader, ref repeats.Size);
                    else if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        var inner = new Keys();
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            if (reader.ValueTextEquals("cpu"u8)) { inner.Known(r, 0, ref reader); reader.Read(); cfgCpu = Int(ref reader); }
                            else if (reader.ValueTextEquals("ram"u8)) { inner.Known(r, 1, ref reader); reader.Read(); cfgRam = Double(ref reader); }
                            else if (reader.ValueTextEquals("disk"u8)) { inner.Known(r, 2, ref reader); reader.Read(); cfgDisk = Int(ref reader); }
                            else if (reader.ValueTextEquals("name"u8)) { inner.Known(r, 3, ref reader); reader.Read(); size = Reuse(ref reader, ref repeats.Size); }
                            else if (reader.ValueTextEquals("id"u8)) { inner.Known(r, 4, ref reader); reader.Read(); cfgId = Str(ref reader); }
                            else if (reader.ValueTextEquals("skuId"u8)) { inner.Known(r, 5, ref reader); reader.Read(); skuId = Str(ref reader); }
                            else if (reader.ValueTextEquals("skuCode"u8)) { inner.Known(r, 6, ref reader); reader.Read(); skuCode = Str(ref reader); }
                            else if (reader.ValueTextEquals("categoryCode"u8)) { inner.Known(r, 7, ref reader); reader.Read(); category = Str(ref reader) ?? category; }
                            else { inner.Unknown(r, ref reader); reader.Read(); reader.Skip(); }
                        }
                    }
                    else reader.Skip();
                }
                else if (reader.ValueTextEquals("configurationName"u8)) { keys.Known(r, 7, ref reader); reader.Read(); configName = Reuse(ref reader, ref repeats.Size); }
                else if (reader.ValueTextEquals("configurationId"u8)) { keys.Known(r, 8, ref reader); reader.Read(); sizeId = Str(ref reader) ?? sizeId; }
                else if (reader.ValueTextEquals("configurationCategoryCode"u8)) { keys.Known(r, 9, ref reader); reader.Read(); category = Str(ref reader); }
                else if (reader.ValueTextEquals("imageName"u8)) { keys.Known(r, 10, ref reader); reader.Read(); image = Reuse(ref reader, ref repeats.Image); }
                else if (reader.ValueTextEquals("image"u8)) { keys.Known(r, 11, ref reader); reader.Read(); image2 = Reuse(ref reader, ref repeats.Image); }
                else if (reader.ValueTextEquals("datacenter"u8))
                {
                    keys.Known(r, 12, ref reader);
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        var inner = new Keys();
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            if (reader.ValueTextEquals("name"u8)) { inner.Known(r, 0, ref reader); reader.Read(); location = Reuse(ref reader, ref repeats.DcName); }
                            else if (reader.ValueTextEquals("id"u8)) { inner.Known(r, 1, ref reader); reader.Read(); locationId = Reuse(ref reader, ref repeats.DcId); }
                            else if (reader.ValueTextEquals("region"u8)) { inner.Known(r, 2, ref reader); reader.Read(); region = Reuse(ref reader, ref repeats.Region); }
                            else if (reader.ValueTextEquals("country"u8)) { inner.Known(r, 3, ref reader); reader.Read(); country = Reuse(ref reader, ref repeats.Country); }
                            else { inner.Unknown(r, ref reader); reader.Read(); reader.Skip(); }
                        }
                    }
                    else reader.Skip();
                }
                else if (reader.ValueTextEquals("datacenterName"u8)) { keys.Known(r, 13, ref reader); reader.Read(); location2 = Reuse(ref reader, ref repeats.DcName); }
                else if (reader.ValueTextEquals("datacenterId"u8)) { keys.Known(r, 14, ref reader); reader.Read(); locationId2 = Reuse(ref reader, ref repeats.DcId); }
                else if (reader.ValueTextEquals("primaryPrivateIp"u8)) { keys.Known(r, 15, ref reader); reader.Read(); privateIp = Str(ref reader); }
                else if (reader.ValueTextEquals("privateIp"u8)) { keys.Known(r, 16, ref reader); reader.Read(); privateIp2 = Str(ref reader); }
                else if (reader.ValueTextEquals("primaryPublicIp"u8)) { keys.Known(r, 17, ref reader); reader.Read(); publicIp = Str(ref reader); }
                else if (reader.ValueTextEquals("publicIp"u8)) { keys.Known(r, 18, ref reader); reader.Read(); publicIp2 = Str(ref reader); }
                else if (reader.ValueTextEquals("teamId"u8)) { keys.Known(r, 19, ref reader); reader.Read(); team = Str(ref reader); }
                else if (reader.ValueTextEquals("createdAt"u8)) { keys.Known(r, 20, ref reader); reader.Read(); created = Date(ref reader); }
                else if (reader.ValueTextEquals("updatedAt"u8)) { keys.Known(r, 21, ref reader); reader.Read(); updated = Date(ref reader); }
                else if (reader.ValueTextEquals("resourceGroupId"u8)) { keys.Known(r, 23, ref reader); reader.Read(); resourceGroup = Str(ref reader); }
                else if (reader.ValueTextEquals("username"u8)) { keys.Known(r, 24, ref reader); reader.Read(); userName = Str(ref reader); }
                else if (reader.ValueTextEquals("sshKeyId"u8)) { keys.Known(r, 25, ref reader); reader.Read(); sshKeyId = Str(ref reader); }
                else if (reader.ValueTextEquals("sshKeyName"u8)) { keys.Known(r, 26, ref reader); reader.Read(); sshKeyName = Str(ref reader); }
                else if (reader.ValueTextEquals("networkHotplug"u8)) { keys.Known(r, 27, ref reader); reader.Read(); hotplug = Bool(ref reader) ?? (Str(ref reader) is string hp ? hp == "1" : (bool?)null); }
                else if (reader.ValueTextEquals("error"u8))
                {
                    keys.Known(r, 22, ref reader);
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String) error = reader.GetString();
                    else if (reader.TokenType != JsonTokenType.Null) { error = "error"; reader.Skip(); }
                }
                else { keys.Unknown(r, ref reader); reader.Read(); reader.Skip(); }
            }
            if (string.IsNullOrWhiteSpace(id)) throw Shape.Invalid(r, "an item without an id");
            var vm = new VirtualMachine
            {
                Id = id!,
                Name = name ?? "",
                ProviderStatus = status,
                Status = features.Normalize(status),
                Provider = CloudProvider.Gpcn,
                Cpu = cpu ?? cfgCpu,
                MemoryGB = ram ?? cfgRam,
                DiskGB = disk ?? cfgDisk,
                Size = size ?? configName ?? skuCode,
                // The live API's skuId is what a resize takes; the page's numeric configuration id where there is none.
                SizeId = skuId ?? sizeId ?? cfgId,
                Image = image ?? image2,
                Location = location ?? location2,
                LocationId = locationId ?? locationId2,
                PrivateIp = privateIp ?? privateIp2,
                PublicIp = publicIp ?? publicIp2,
                ResourceGroup = resourceGroup ?? team,
                CreatedAt = created,
                UpdatedAt = updated,
                Owner = session,
            };
            if (region != null) vm.ProviderData["region"] = region;
            if (country != null) vm.ProviderData["country"] = country;
            if (category != null) vm.ProviderData["configurationCategoryCode"] = category;
            if (skuCode != null) vm.ProviderData["skuCode"] = skuCode;
            if (userName != null) vm.ProviderData["username"] = userName;
            if (sshKeyId != null) vm.ProviderData["sshKeyId"] = sshKeyId;
            if (sshKeyName != null) vm.ProviderData["sshKeyName"] = sshKeyName;
            if (hotplug != null) vm.ProviderData["networkHotplug"] = hotplug.Value;
            if (error != null) vm.ProviderData["error"] = r.Redactor.Redact(error);
            return vm;
        }

        static string? Str(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => Number(ref reader),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => null,
            _ => SkipNull(ref reader),
        };

        static string Number(ref Utf8JsonReader reader) =>
            reader.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture) : reader.GetDouble().ToString(CultureInfo.InvariantCulture);

        static string? SkipNull(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return null;
        }

        static string? Reuse(ref Utf8JsonReader reader, ref string? last)
        {
            if (reader.TokenType != JsonTokenType.String) return Str(ref reader);
            if (last != null && reader.ValueTextEquals(last)) return last;
            return last = reader.GetString();
        }

        static double? Double(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Number) return J.Finite(reader.TryGetDouble(out var n) ? n : double.PositiveInfinity);
            if (reader.TokenType == JsonTokenType.String && double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return J.Finite(d);
            if (reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.StartArray) reader.Skip();
            return null;
        }

        static int? Int(ref Utf8JsonReader reader) => J.IntOf(Double(ref reader));

        static bool? Bool(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.True: return true;
                case JsonTokenType.False: return false;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray: reader.Skip(); return null;
                default: return null;
            }
        }

        static DateTimeOffset? Date(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.String) { if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip(); return null; }
            if (reader.TryGetDateTimeOffset(out var d)) return d;
            return DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out d) ? d : (DateTimeOffset?)null;
        }
    }
}
