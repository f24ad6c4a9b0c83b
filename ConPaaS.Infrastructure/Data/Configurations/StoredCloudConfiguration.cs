using ConPaaS.Infrastructure.Clouds.Stored;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConPaaS.Infrastructure.Data.Configurations;

internal sealed class StoredCloudConfiguration : IEntityTypeConfiguration<StoredCloud>
{
    public void Configure(EntityTypeBuilder<StoredCloud> builder)
    {
        builder.ToTable("Clouds");
        builder.Property(c => c.Name).HasMaxLength(StoredCloud.NameMaxLength).IsRequired();
        builder.Property(c => c.Driver).HasMaxLength(32).IsRequired();
        builder.Property(c => c.SettingsJson).IsRequired();
        builder.HasIndex(c => c.Name).IsUnique();
    }
}
